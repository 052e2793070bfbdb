// Shows why the last sign-in failed; the server redirects here with ?failed=1.
const params = new URLSearchParams(window.location.search);
if (params.has('failed')) {
  document.getElementById('login-error').hidden = false;
}
