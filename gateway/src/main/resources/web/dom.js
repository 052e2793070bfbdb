// Small DOM and formatting helpers shared by the view modules.

/** Creates an element: el('td', {class: 'x', dataset: {vital: 'temp'}}, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

/** Vitals shown on the board, in column order. */
export const VITALS = [
  { key: 'temp', label: 'Temp', digits: 1 },
  { key: 'spo2', label: 'SpO2', digits: 0 },
  { key: 'hr', label: 'HR', digits: 0 },
  { key: 'rr', label: 'RR', digits: 0 },
];

export const PRIORITY_RANK = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/** The server's clock as seen from here: serverTime − Date.now() at the last message. */
export const clock = {
  offset: 0,
  now() { return Date.now() + this.offset; },
  sync(serverTime) { if (typeof serverTime === 'number') this.offset = serverTime - Date.now(); },
};

/** "45 s", "12 min", "3 h 05 min", "2 d". */
export function fmtAge(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d`;
}

export function fmtTime(millis) {
  if (!millis) return '—';
  return new Date(millis).toLocaleString([], { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtValue(v, digits) {
  return typeof v === 'number' ? v.toFixed(digits) : '—';
}

/** An element whose text is kept as "age of <millis>" by refreshAges(). */
export function ageSpan(millis, attrs = {}) {
  const s = el('span', { class: 'age', ...attrs });
  setAge(s, millis);
  return s;
}

/**
 * A small "late" marker for a value or alarm that arrived well after it was measured (buffered by the
 * device): readable text, not colour alone, and the delay in the tooltip and accessible name.
 */
export function lateBadge(delayMs, what = 'Value') {
  const text = `${what} arrived ${fmtAge(delayMs)} after it was measured`;
  return el('span', { class: 'late', title: text, 'aria-label': text, dataset: { testid: 'late' } }, 'late');
}

export function setAge(span, millis) {
  if (millis) span.dataset.atMillis = String(millis);
  else delete span.dataset.atMillis;
  span.textContent = millis ? fmtAge(clock.now() - millis) : '—';
}

/** Updates every age on the page (called once a second). */
export function refreshAges(root = document) {
  for (const s of root.querySelectorAll('[data-at-millis]')) {
    s.textContent = fmtAge(clock.now() - Number(s.dataset.atMillis));
  }
}

/** D+N of an instant for a patient whose day 0 is infusionDate (YYYY-MM-DD, local calendar). */
export function dayOf(infusionDate, millis) {
  if (!infusionDate) return null;
  const [y, m, d] = infusionDate.split('-').map(Number);
  const day0 = new Date(y, m - 1, d).getTime();
  return Math.floor((millis - day0) / 86400000);
}

/** Reads the CSRF token for cookie sessions (non-HttpOnly cookie, also given by /api/me). */
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)hw_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** POSTs JSON with the CSRF header; resolves {ok, status, body}. 401 sends the user to sign in. */
export async function postJson(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
    body: JSON.stringify(body),
  });
  if (res.status === 401) window.location.assign('/login');
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  return { ok: res.ok, status: res.status, body: json };
}

/** GETs JSON; background requests (no user action) do not extend the session's idle timeout. */
export async function getJson(path, background = false) {
  const headers = { Accept: 'application/json' };
  if (background) headers['X-Homeward-Background'] = '1';
  const res = await fetch(path, { credentials: 'same-origin', headers });
  if (res.status === 401) {
    window.location.assign('/login');
    throw new Error('signed out');
  }
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}
