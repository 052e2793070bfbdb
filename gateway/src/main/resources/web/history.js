// Patient page section "Alarm and threshold history": alarm transitions and per-patient threshold
// changes, newest first, from GET /api/patients/{id}/alarms and /thresholds; for admins a form to
// change the thresholds (PUT /thresholds, reason required). Uses only the JSON API.
import { el, fmtTime, getJson, csrfToken } from './dom.js';

const FIELDS = [
  ['feverC', 'Fever at or above (°C)', 0.1],
  ['feverSamples', 'Fever confirmed by samples', 1],
  ['feverMinutes', '… spanning minutes', 1],
  ['sbpLow', 'Hypotension below (mmHg)', 1],
  ['spo2Low', 'Hypoxaemia below (%)', 1],
  ['tachyHr', 'Tachycardia at or above (/min)', 1],
  ['bradyHr', 'Bradycardia at or below (/min)', 1],
  ['news2Spo2Scale', 'NEWS2 SpO2 scale (1 or 2)', 1],
];
const LOOK_BACK = '-7d';
const REFRESH_MS = 30000;

export class HistorySection {
  constructor(pageRoot) {
    this.id = null;
    this.role = null;
    this.box = el('div', { dataset: { testid: 'history-list' } });
    this.current = el('div', { dataset: { testid: 'thresholds-current' } });
    this.result = el('p', { class: 'hint', role: 'status', dataset: { testid: 'threshold-result' } });
    this.form = this.buildForm();
    this.section = el('section', { class: 'panel', dataset: { testid: 'history' } },
      el('h3', { text: 'Alarm and threshold history' }), this.current, this.form, this.result, this.box);
    pageRoot.append(this.section);
    getJson('/api/me').then((me) => { this.role = me.role; this.form.hidden = me.role !== 'admin'; }).catch(() => {});
    // refreshed on its own while the patient page is visible, so patient.js needs no more than a show() call
    setInterval(() => { if (this.section.offsetParent !== null) this.refresh(true); }, REFRESH_MS);
  }

  show(id) {
    this.id = id;
    this.box.replaceChildren(el('p', { class: 'hint', text: 'Loading…' }));
    this.refresh(false);
  }

  async refresh(background = true) {
    const id = this.id;
    if (!id) return;
    const base = `/api/patients/${encodeURIComponent(id)}`;
    try {
      const [alarms, thresholds] = await Promise.all([
        getJson(`${base}/alarms?since=${LOOK_BACK}`, background), getJson(`${base}/thresholds`, background)]);
      if (this.id === id) this.render(alarms, thresholds);
    } catch (e) {
      if (this.id === id) this.box.replaceChildren(el('p', { class: 'error', text: 'History unavailable.' }));
    }
  }

  render(alarms, t) {
    const differs = new Set(t.differsFromProgramme);
    this.current.replaceChildren(el('table', { class: 'news2' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Threshold' }), el('th', { text: 'This patient' }),
        el('th', { text: 'Programme' }))),
      el('tbody', {}, ...FIELDS.map(([k, label]) => el('tr', { class: differs.has(k) ? 'partial' : '' },
        el('td', { text: label }), el('td', { text: String(t.current[k]) + (differs.has(k) ? ' (changed)' : '') }),
        el('td', { text: String(t.programme[k]) }))))));
    for (const [k] of FIELDS) {
      const input = this.form.elements.namedItem(k);
      if (input && document.activeElement !== input) input.value = String(t.current[k]);
    }
    const items = [];
    t.history.forEach((h) => items.push({ at: h.atMillis, node: thresholdItem(h) }));
    alarms.alarms.forEach((a) => a.transitions.forEach((tr) => items.push({ at: tr.atMillis, node: alarmItem(a, tr) })));
    items.sort((x, y) => y.at - x.at);
    this.box.replaceChildren(items.length ? el('ol', { class: 'history' }, ...items.map((i) => i.node))
      : el('p', { class: 'hint', text: 'No alarms or threshold changes in the last 7 days.' }));
  }

  buildForm() {
    const inputs = FIELDS.map(([k, label, step]) => el('label', {}, `${label} `,
      el('input', { type: 'number', name: k, step: String(step), required: true, 'aria-label': label })));
    const reason = el('input', { type: 'text', name: 'reason', required: true, maxlength: '500',
      placeholder: 'Reason and approving clinician', 'aria-label': 'Reason', dataset: { testid: 'threshold-reason' } });
    const f = el('form', { class: 'entry', hidden: true, dataset: { testid: 'threshold-form' } },
      el('fieldset', {}, el('legend', { text: 'Change this patient\'s thresholds (admin)' }), ...inputs, reason,
        el('button', { type: 'submit', text: 'Save', dataset: { testid: 'threshold-save' } })));
    f.addEventListener('submit', (ev) => { ev.preventDefault(); this.save(f); });
    return f;
  }

  async save(f) {
    const body = { reason: f.elements.namedItem('reason').value };
    for (const [k] of FIELDS) body[k] = Number(f.elements.namedItem(k).value);
    try {
      const res = await fetch(`/api/patients/${encodeURIComponent(this.id)}/thresholds`, {
        method: 'PUT', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() }, body: JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      this.result.textContent = res.ok ? 'Thresholds changed.'
        : `Not changed: ${json && json.message ? json.message : 'HTTP ' + res.status}`;
      if (res.ok) {
        f.elements.namedItem('reason').value = '';
        this.refresh(false);
      }
    } catch (e) {
      this.result.textContent = 'Not changed: no connection.';
    }
  }
}

function thresholdItem(h) {
  const changed = Object.keys(h.after).filter((k) => h.after[k] !== h.before[k])
    .map((k) => `${k} ${h.before[k]} → ${h.after[k]}`).join(', ');
  return el('li', { dataset: { testid: 'history-item', kind: 'threshold' } },
    el('span', { class: 'sub', text: fmtTime(h.atMillis) }), ' Thresholds changed by ', el('strong', { text: h.user }),
    `: ${changed || 'no value changed'} — “${h.reason}”`);
}

function alarmItem(a, tr) {
  const who = tr.user ? ` by ${tr.user}` : '';
  const note = tr.note ? ` — ${tr.note}` : '';
  return el('li', { dataset: { testid: 'history-item', kind: 'alarm', priority: tr.priority } },
    el('span', { class: 'sub', text: fmtTime(tr.atMillis) }), ` ${a.rule} (${tr.priority}) ${tr.state}${who}`,
    tr.escalationLevel ? ` · escalation ${tr.escalationLevel}` : '', note);
}
