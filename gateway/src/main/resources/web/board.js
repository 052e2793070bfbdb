// The census board: one row per patient, most urgent first (worst open alarm, then NEWS2).
// Rows are keyed by patient and updated in place, so focus and reading position survive updates.
import { el, VITALS, PRIORITY_RANK, fmtValue, ageSpan, setAge } from './dom.js';
import { sparkline } from './trend.js';

/** The worst open alarm of every patient that has one, in one pass over the alarms. */
export function worstAlarms(store) {
  const worst = new Map();
  for (const a of store.alarms.values()) {
    if (a.state === 'RESOLVED') continue;
    const w = worst.get(a.patient);
    if (!w || PRIORITY_RANK[a.priority] > PRIORITY_RANK[w.priority]
        || (a.priority === w.priority && a.state === 'ACTIVE' && w.state !== 'ACTIVE')) worst.set(a.patient, a);
  }
  return worst;
}

export function worstAlarm(store, patientId) {
  return worstAlarms(store).get(patientId) || null;
}

export function acuityOrder(store, worst = worstAlarms(store)) {
  const rank = new Map();
  for (const p of store.patients.values()) {
    const w = worst.get(p.pseudonym);
    rank.set(p.pseudonym, [w ? PRIORITY_RANK[w.priority] : 0, p.news2 ? p.news2.total : -1]);
  }
  return [...store.patients.values()].sort((a, b) => {
    const [ra, na] = rank.get(a.pseudonym);
    const [rb, nb] = rank.get(b.pseudonym);
    return rb - ra || nb - na || a.pseudonym.localeCompare(b.pseudonym);
  });
}

export function news2Text(n) {
  if (!n) return '—';
  return n.partial ? `${n.total} (partial; ${n.missing.join(', ')} missing)` : String(n.total);
}

/**
 * Brings the census up to date. {@code dirty} is the set of patients whose state changed since the
 * last call, or null when everything may have (snapshot): only those rows are rebuilt, plus rows
 * whose worst alarm changed, so a board of a thousand patients stays cheap to update.
 */
export function renderBoard(store, body, onOpen, dirty = null) {
  const rows = new Map([...body.querySelectorAll('tr[data-patient]')].map((r) => [r.dataset.patient, r]));
  const worst = worstAlarms(store);
  const order = acuityOrder(store, worst);
  for (const p of order) {
    let row = rows.get(p.pseudonym);
    const fresh = !row;
    if (fresh) {
      row = createRow(p, onOpen);
      body.append(row);
    }
    rows.delete(p.pseudonym);
    const w = worst.get(p.pseudonym);
    const worstKey = w ? `${w.id}|${w.priority}|${w.state}` : '';
    if (fresh || !dirty || dirty.has(p.pseudonym) || row.dataset.worst !== worstKey) {
      row.dataset.worst = worstKey;
      updateRow(store, row, p, w);
    }
  }
  for (const stale of rows.values()) stale.remove();
  const current = [...body.children].map((r) => r.dataset.patient);
  if (current.join('\n') !== order.map((p) => p.pseudonym).join('\n')) {
    for (const p of order) body.append(body.querySelector(`tr[data-patient="${CSS.escape(p.pseudonym)}"]`));
  }
}

function createRow(p, onOpen) {
  const open = el('button', { type: 'button', class: 'link', dataset: { testid: 'patient-open' },
    onclick: () => onOpen(p.pseudonym) });
  const cells = [
    el('th', { scope: 'row' }, open),
    el('td', { dataset: { testid: 'patient-day' } }),
    el('td', { dataset: { testid: 'worst-alarm' } }),
    el('td', { dataset: { testid: 'news2' } }),
    ...VITALS.map((v) => el('td', { dataset: { vital: v.key } })),
    el('td', { dataset: { vital: 'bp' } }),
    el('td', { dataset: { testid: 'sparkline' } }),
    el('td', { dataset: { testid: 'devices' } }),
    el('td', { dataset: { testid: 'data-age' } }, ageSpan(null)),
  ];
  return el('tr', { dataset: { testid: 'patient-row', patient: p.pseudonym } }, ...cells);
}

function updateRow(store, row, p, w) {
  const [who, day, alarm, news, ...rest] = row.children;
  const open = who.firstChild;
  open.replaceChildren(el('strong', { text: p.displayLabel || p.pseudonym }),
    el('span', { class: 'sub', text: ` ${p.pseudonym}${p.product ? ' · ' + p.product : ''}` }));
  day.textContent = p.dayLabel;
  alarm.replaceChildren(...(w ? worstAlarmCell(w) : [el('span', { class: 'hint', text: 'none' })]));
  news.textContent = news2Text(p.news2);
  news.classList.toggle('partial', !!(p.news2 && p.news2.partial));
  VITALS.forEach((v, i) => vitalCell(rest[i], p.latest[v.key], v.digits));
  bpCell(rest[VITALS.length], p.latest.sbp, p.latest.dbp);
  const spark = store.sparks.get(p.pseudonym) || [];
  rest[VITALS.length + 1].replaceChildren(sparkline(spark, 38.0));
  rest[VITALS.length + 2].replaceChildren(...p.devices.map(deviceBadge));
  setAge(rest[VITALS.length + 3].firstChild, p.lastDataMillis);
}

/** The worst alarm in words: priority and rule, and whether it is technical or already handled. */
function worstAlarmCell(w) {
  const parts = [el('span', { class: `prio prio-${w.priority}`, text: `${w.priority} ${w.rule}` })];
  const notes = [];
  if (w.kind === 'technical') notes.push('technical');
  if (w.state !== 'ACTIVE') notes.push(w.state.toLowerCase());
  if (notes.length) parts.push(el('span', { class: 'sub', text: ` (${notes.join(', ')})` }));
  return parts;
}

function vitalCell(td, lv, digits) {
  if (!lv) {
    td.replaceChildren(el('span', { class: 'hint', text: '—' }));
    td.classList.remove('low-conf');
    return;
  }
  const low = lv.quality !== 'ok';
  td.classList.toggle('low-conf', low);
  td.title = low ? 'Low confidence (poor signal): not scored' : '';
  const parts = [el('span', { class: 'value', text: `${fmtValue(lv.value, digits)} ${lv.unit}` })];
  if (low) parts.push(el('span', { class: 'sub', text: ' (low conf.)' }));
  td.replaceChildren(...parts, el('br'), ageSpan(lv.atMillis));
}

function bpCell(td, sbp, dbp) {
  if (!sbp) {
    td.replaceChildren(el('span', { class: 'hint', text: '—' }));
    return;
  }
  const text = `${fmtValue(sbp.value, 0)}/${dbp ? fmtValue(dbp.value, 0) : '—'} mmHg`;
  td.classList.toggle('low-conf', sbp.quality !== 'ok');
  td.replaceChildren(el('span', { class: 'value', text }), el('br'), ageSpan(sbp.atMillis));
}

function deviceBadge(d) {
  const bits = [d.kind];
  if (d.batteryPercent !== null) bits.push(`bat ${Math.round(d.batteryPercent)}%`);
  if (d.signalDbm !== null) bits.push(`${Math.round(d.signalDbm)} dBm`);
  if (!d.online) bits.push('offline');
  const badge = el('span', { class: `device${d.online ? '' : ' offline'}${d.batteryPercent !== null && d.batteryPercent < 20 ? ' battery-low' : ''}`,
    dataset: { testid: 'device' }, title: d.deviceId }, bits.join(' '), ' ', ageSpan(d.lastSeenMillis));
  return badge;
}
