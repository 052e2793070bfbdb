// Administration page (role admin): devices, patients and users through /api/admin only.
// Plain forms and buttons, so everything works from the keyboard; errors name the field.
import { el, getJson, postJson, fmtTime } from './dom.js';

const $ = (sel) => document.querySelector(sel);
let patients = [];

function status(text, ok = false) {
  const s = $('#admin-status');
  s.textContent = text;
  s.classList.toggle('ok', ok);
}

/** POSTs and reports the outcome; resolves the JSON body on success, null on refusal. */
async function act(path, body, done) {
  const r = await postJson(path, body);
  if (!r.ok) {
    const b = r.body || {};
    status(`Refused (${r.status}${b.field ? `, ${b.field}` : ''}): ${b.message || b.error || 'error'}`);
    return null;
  }
  status(done, true);
  return r.body;
}

function formData(form) {
  return Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== ''));
}

function showSecret(deviceId, secret) {
  $('#secret-device').textContent = deviceId;
  $('#secret-value').textContent = secret;
  $('#secret-box').hidden = false;
  $('#secret-done').focus();
}

function patientSelect(selected, attrs = {}) {
  const s = el('select', attrs);
  patients.forEach((p) => s.append(el('option', { value: p.patientId, selected: p.patientId === selected }, p.patientId)));
  return s;
}

function deviceRow(d) {
  const move = patientSelect(d.patientId, { 'aria-label': `Move ${d.deviceId} to patient`, dataset: { testid: 'device-move-to' } });
  const active = d.state !== 'revoked';
  return el('tr', { dataset: { device: d.deviceId, testid: 'device-row' } },
    el('td', {}, d.deviceId), el('td', {}, d.kind), el('td', {}, d.patientId),
    el('td', { dataset: { testid: 'device-state' } }, d.state), el('td', {}, d.online ? 'yes' : 'no'),
    el('td', {}, d.lastSeenMillis ? fmtTime(d.lastSeenMillis) : '—'),
    el('td', {}, active ? move : '',
      active ? el('button', { type: 'button', dataset: { testid: 'device-move' }, onclick: async () => {
        if (await act(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/move`, { patient: move.value },
          `${d.deviceId} moved to ${move.value}; it keeps its secret`)) load();
      } }, 'Move') : ''),
    el('td', {}, active ? el('button', { type: 'button', dataset: { testid: 'device-rotate' }, onclick: async () => {
      if (!window.confirm(`New secret for ${d.deviceId}? The old one stops working at once.`)) return;
      const b = await act(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/rotate`, {}, `${d.deviceId}: new secret`);
      if (b) { showSecret(b.deviceId, b.secret); load(); }
    } }, 'Rotate secret') : '', ' ',
    active ? el('button', { type: 'button', dataset: { testid: 'device-revoke' }, onclick: async () => {
      if (!window.confirm(`Revoke ${d.deviceId}? Its connections close and its secret stops working.`)) return;
      if (await act(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/revoke`, {}, `${d.deviceId} revoked`)) load();
    } }, 'Revoke') : ''));
}

function userRow(u, me) {
  const self = u.user === me;
  const path = `/api/admin/users/${encodeURIComponent(u.user)}/${u.enabled ? 'disable' : 'enable'}`;
  return el('tr', { dataset: { user: u.user, testid: 'user-row' } },
    el('td', {}, u.user), el('td', {}, u.role), el('td', { dataset: { testid: 'user-enabled' } }, u.enabled ? 'yes' : 'no'),
    el('td', {}, self ? el('span', { class: 'hint' }, '(you)') : el('button', {
      type: 'button', dataset: { testid: u.enabled ? 'user-disable' : 'user-enable' },
      onclick: async () => {
        if (await act(path, {}, `${u.user} ${u.enabled ? 'disabled; their sessions ended' : 'enabled'}`)) load();
      },
    }, u.enabled ? 'Disable' : 'Enable')));
}

let me = '';

async function load() {
  const [p, d, u] = await Promise.all([getJson('/api/admin/patients'), getJson('/api/admin/devices'),
    getJson('/api/admin/users')]);
  patients = p.patients.slice().sort((a, b) => a.patientId.localeCompare(b.patientId));
  $('#patient-rows').replaceChildren(...patients.map((x) => el('tr', { dataset: { testid: 'patient-admin-row' } },
    el('td', {}, x.patientId), el('td', {}, x.displayLabel), el('td', {}, x.infusionDate), el('td', {}, x.product))));
  const addPatient = $('#device-add select[name=patient]');
  addPatient.replaceChildren(...patientSelect(addPatient.value).children);
  $('#device-rows').replaceChildren(...d.devices.map(deviceRow));
  $('#user-rows').replaceChildren(...u.users.map((x) => userRow(x, me)));
}

function wire(formSel, path, done, after) {
  $(formSel).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const body = formData(form);
    const b = await act(path, body, done(body));
    if (b) {
      if (after) after(b);
      form.reset();
      load();
    }
  });
}

async function boot() {
  const who = await getJson('/api/me');
  me = who.user;
  $('#admin-user').textContent = `${who.user} (${who.role})`;
  if (who.role !== 'admin') {
    $('#admin-forbidden').hidden = false;
    return;
  }
  ['#admin-devices-panel', '#admin-patients-panel', '#admin-users-panel'].forEach((s) => { $(s).hidden = false; });
  $('#secret-done').addEventListener('click', () => {
    $('#secret-value').textContent = '';
    $('#secret-box').hidden = true;
  });
  wire('#device-add', '/api/admin/devices', (b) => `${b.device} added`, (b) => showSecret(b.deviceId, b.secret));
  wire('#patient-add', '/api/admin/patients', (b) => `${b.patient} added`);
  wire('#user-add', '/api/admin/users', (b) => `${b.user} added as ${b.role}`);
  await load();
}

boot().catch((e) => status(`Could not load: ${e.message}`));
