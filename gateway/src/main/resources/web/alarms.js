// The alarm queue: clinical alarms and technical alarms in separate lists, most urgent first.
// Colour is never the only cue: every row also says its priority in words.
import { el, PRIORITY_RANK, fmtTime, ageSpan, fmtAge, postJson, lateBadge } from './dom.js';

const STATE_TEXT = { ACTIVE: 'Active', ACKNOWLEDGED: 'Acknowledged', SHELVED: 'Shelved', RESOLVED: 'Resolved' };

export function sortAlarms(list) {
  return list.sort((a, b) => (b.state === 'ACTIVE') - (a.state === 'ACTIVE')
    || PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.onsetMillis - b.onsetMillis);
}

export function renderAlarms(store, lists, onChanged) {
  const open = [...store.alarms.values()].filter((a) => a.state !== 'RESOLVED');
  renderList(store, lists.physiological, sortAlarms(open.filter((a) => a.kind !== 'technical')), onChanged);
  renderList(store, lists.technical, sortAlarms(open.filter((a) => a.kind === 'technical')), onChanged);
  lists.none.hidden = open.some((a) => a.kind !== 'technical');
  lists.technicalNone.hidden = open.some((a) => a.kind === 'technical');
}

function renderList(store, list, alarms, onChanged) {
  const rows = new Map([...list.children].map((r) => [r.dataset.alarm, r]));
  alarms.forEach((a) => rows.delete(a.id));
  for (const gone of rows.values()) gone.remove();
  alarms.forEach((a, i) => {
    let row = list.querySelector(`li[data-alarm="${CSS.escape(a.id)}"]`);
    if (!row) row = createRow(a, store, onChanged);
    updateRow(row, a, store);
    // Move only when out of order: moving a node would take the focus out of a half-typed note.
    if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null);
  });
}

function createRow(a, store, onChanged) {
  const note = el('input', { type: 'text', maxlength: '500', placeholder: 'Action note',
    'aria-label': 'Action note', dataset: { testid: 'ack-note' } });
  const error = el('span', { class: 'error', role: 'alert', dataset: { testid: 'alarm-error' } });
  const ack = el('button', { type: 'button', class: 'ack', dataset: { testid: 'ack-button' } }, 'Acknowledge');
  const minutes = el('select', { 'aria-label': 'Shelve for', dataset: { testid: 'shelve-minutes' } },
    ...[5, 15, 30].map((m) => el('option', { value: String(m) }, `${m} min`)));
  const shelve = el('button', { type: 'button', class: 'shelve', dataset: { testid: 'shelve-button' } }, 'Shelve');
  const send = async (path, body) => {
    ack.disabled = true;
    shelve.disabled = true;
    error.textContent = '';
    try {
      const res = await postJson(`/api/alarms/${encodeURIComponent(a.id)}/${path}`, body);
      if (res.ok && res.body) {
        upsert(store, res.body);
        note.value = '';
        onChanged();
      } else {
        error.textContent = res.body && res.body.message ? res.body.message : `Failed (HTTP ${res.status})`;
      }
    } catch (e) {
      error.textContent = 'Not sent: no connection';
    } finally {
      ack.disabled = false;
      shelve.disabled = false;
    }
  };
  ack.addEventListener('click', () => send('ack', { note: note.value }));
  shelve.addEventListener('click', () => send('shelve', { minutes: Number(minutes.value), note: note.value }));
  note.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') ack.click(); });
  const actions = el('div', { class: 'actions' }, note, ack, minutes, shelve, error);
  return el('li', { class: 'alarm', dataset: { testid: 'alarm-row', alarm: a.id } },
    el('div', { class: 'alarm-head' }), el('div', { class: 'alarm-body' }), actions);
}

function updateRow(row, a, store) {
  row.className = `alarm prio-${a.priority} state-${a.state}`;
  row.dataset.priority = a.priority;
  row.dataset.state = a.state;
  const p = store.patients.get(a.patient);
  const head = row.querySelector('.alarm-head');
  head.replaceChildren(...[
    el('span', { class: `prio prio-${a.priority}`, dataset: { testid: 'alarm-priority' } }, a.priority),
    el('strong', { text: ` ${a.rule} ` }),
    a.late ? lateBadge(a.lateSeconds * 1000, 'Confirming reading') : null,
    a.late ? ' ' : null,
    el('span', { text: p ? `${p.displayLabel || p.pseudonym} (${p.dayLabel})` : a.patient }),
    el('span', { class: 'state', dataset: { testid: 'alarm-state' } }, ` · ${STATE_TEXT[a.state] || a.state}`),
    a.escalationLevel > 0 ? el('span', { class: 'escalated', dataset: { testid: 'alarm-escalation' } },
      ` · escalated (level ${a.escalationLevel})`) : null].filter((n) => n !== null));
  const body = row.querySelector('.alarm-body');
  const bits = [el('span', {}, `Onset ${fmtTime(a.onsetMillis)} (`), ageSpan(a.onsetMillis), el('span', {}, ' ago)')];
  if (a.evidence) bits.push(el('div', { class: 'evidence', text: a.evidence }));
  if (a.user) {
    const verb = a.state === 'SHELVED' ? 'Shelved' : 'Acknowledged';
    const tta = a.state === 'ACKNOWLEDGED' && a.changedAtMillis ? ` after ${fmtAge(a.changedAtMillis - a.onsetMillis)}` : '';
    bits.push(el('div', { class: 'ack-by', dataset: { testid: 'alarm-user' } },
      `${verb} by ${a.user}${tta}${a.note ? ` — “${a.note}”` : ''}`));
  }
  body.replaceChildren(...bits);
  const ackButton = row.querySelector('[data-testid="ack-button"]');
  ackButton.hidden = a.state !== 'ACTIVE';
}

/** Applies an alarm value if it is not older than what we hold (events and snapshots may cross). */
export function upsert(store, a) {
  const old = store.alarms.get(a.id);
  if (old && (old.changedAtMillis || 0) > (a.changedAtMillis || 0)) return false;
  const resolvedAt = store.resolved.get(a.id);
  if (resolvedAt !== undefined && resolvedAt >= (a.changedAtMillis || 0)) return false;
  if (a.state === 'RESOLVED') {
    store.alarms.delete(a.id);
    store.resolved.set(a.id, a.changedAtMillis || 0);
  } else {
    store.alarms.set(a.id, a);
  }
  return !old;
}
