// The census board: one row per patient, most urgent first (worst open alarm, then NEWS2).
// Windowed (only the rows on screen exist); rows are keyed by patient and updated in place, so
// focus and reading position survive updates.
import { el, VITALS, PRIORITY_RANK, fmtValue, ageSpan, setAge, lateBadge } from './dom.js';
import { sparkline } from './spark.js';

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

/** Most urgent first: worst open alarm, then NEWS2, then pseudonym (code-unit order, as the API sorts). */
export function acuityOrder(store, worst = worstAlarms(store)) {
  const rank = new Map();
  for (const p of store.patients.values()) {
    const w = worst.get(p.pseudonym);
    rank.set(p.pseudonym, [w ? PRIORITY_RANK[w.priority] : 0, p.news2 ? p.news2.total : -1]);
  }
  return [...store.patients.values()].sort((a, b) => {
    const [ra, na] = rank.get(a.pseudonym);
    const [rb, nb] = rank.get(b.pseudonym);
    return rb - ra || nb - na || (a.pseudonym < b.pseudonym ? -1 : (a.pseudonym > b.pseudonym ? 1 : 0));
  });
}

/** What the order depends on: each patient's worst alarm priority and NEWS2 total. */
function rankOf(p, worst) {
  const w = worst.get(p.pseudonym);
  return `${w ? w.priority : ''}/${p.news2 ? p.news2.total : ''}`;
}

export function news2Text(n) {
  if (!n) return '—';
  return n.partial ? `${n.total} (partial; ${n.missing.join(', ')} missing)` : String(n.total);
}

/** Row height in CSS pixels; style.css gives every patient row exactly this height. */
export const ROW_HEIGHT = 58;
const OVERSCAN = 8;
const NAV_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End']);

/**
 * The census, windowed: only the rows in (and just around) the scrolled viewport exist in the DOM,
 * between two spacer rows that stand in for the others at a fixed row height, so a board of a
 * thousand patients costs what a board of thirty does. The table keeps its semantics for screen
 * readers (aria-rowcount on the table, aria-rowindex on every row). A row is rebuilt only when its
 * patient, worst alarm or sparkline changed. The row holding the keyboard focus is always kept
 * (even when scrolled out of the window or moved by a new sort), and arrow keys, Page Up/Down,
 * Home and End move the focus through all patients, scrolling as needed.
 */
export class CensusBoard {
  constructor(store, scroller, onOpen, requestRender) {
    this.store = store;
    this.scroller = scroller;
    this.table = scroller.querySelector('table');
    this.body = this.table.tBodies[0];
    this.onOpen = onOpen;
    this.rows = new Map(); // patient -> <tr> currently in the DOM
    this.order = []; // patient ids, most urgent first
    this.index = new Map(); // patient id -> position in order
    this.ranks = new Map(); // patient id -> rankOf when last sorted
    this.focusId = null;
    this.moving = false;
    this.spacers = [spacer(), spacer(), spacer()];
    scroller.addEventListener('scroll', () => requestRender(), { passive: true });
    this.body.addEventListener('focusin', (ev) => {
      const row = ev.target.closest('tr[data-patient]');
      if (row) this.focusId = row.dataset.patient;
    });
    this.body.addEventListener('focusout', (ev) => {
      if (!this.moving && !(ev.relatedTarget && this.body.contains(ev.relatedTarget))) this.focusId = null;
    });
    this.body.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  /** Brings the visible rows up to date; cheap when nothing on screen changed. */
  render() {
    const worst = worstAlarms(this.store);
    this.sortIfNeeded(worst);
    if (this.scroller.offsetParent === null) return; // board hidden: rows catch up when it is shown
    const index = this.index;
    const shown = this.window();
    const focused = this.focusId !== null ? index.get(this.focusId) : undefined;
    if (focused !== undefined && (focused < shown.start || focused >= shown.end)) shown.extra = focused;
    const want = [];
    const keep = new Map();
    const add = (i) => {
      const p = this.store.patients.get(this.order[i]);
      let row = this.rows.get(p.pseudonym);
      if (!row) row = createRow(p, this.onOpen);
      keep.set(p.pseudonym, row);
      row.setAttribute('aria-rowindex', String(i + 2));
      const w = worst.get(p.pseudonym);
      const worstKey = w ? `${w.id}|${w.priority}|${w.state}` : '';
      const spark = this.store.sparks.get(p.pseudonym);
      if (row.patient !== p || row.worstKey !== worstKey || row.spark !== spark || row.sparkLength !== (spark || []).length) {
        row.patient = p;
        row.worstKey = worstKey;
        row.spark = spark;
        row.sparkLength = (spark || []).length;
        row.dataset.worst = worstKey;
        updateRow(this.store, row, p, w);
      }
      want.push(row);
    };
    let s = 0;
    const gap = (rows) => {
      if (rows <= 0) return;
      const sp = this.spacers[s++];
      sp.firstChild.style.height = `${rows * ROW_HEIGHT}px`;
      want.push(sp);
    };
    if (shown.extra !== undefined && shown.extra < shown.start) {
      gap(shown.extra);
      add(shown.extra);
      gap(shown.start - shown.extra - 1);
    } else {
      gap(shown.start);
    }
    for (let i = shown.start; i < shown.end; i++) add(i);
    if (shown.extra !== undefined && shown.extra >= shown.end) {
      gap(shown.extra - shown.end);
      add(shown.extra);
      gap(this.order.length - shown.extra - 1);
    } else {
      gap(this.order.length - shown.end);
    }
    this.rows = keep;
    this.place(want);
  }

  /**
   * Sorts again only when a patient came or went or one's rank inputs changed: a stream of new
   * readings that leave NEWS2 and alarms alone costs no sort at all.
   */
  sortIfNeeded(worst) {
    let changed = this.order.length !== this.store.patients.size;
    for (const p of this.store.patients.values()) {
      if (changed) break;
      changed = this.ranks.get(p.pseudonym) !== rankOf(p, worst);
    }
    if (!changed) return;
    this.order = acuityOrder(this.store, worst).map((p) => p.pseudonym);
    this.index = new Map(this.order.map((id, i) => [id, i]));
    this.ranks = new Map([...this.store.patients.values()].map((p) => [p.pseudonym, rankOf(p, worst)]));
    this.table.setAttribute('aria-rowcount', String(this.order.length + 1));
  }

  /** Indices [start, end) of the rows in the scrolled viewport, plus a margin. */
  window() {
    const head = this.table.tHead ? this.table.tHead.offsetHeight : 0;
    const top = Math.max(0, this.scroller.scrollTop - head);
    const height = this.scroller.clientHeight || window.innerHeight;
    const start = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(this.order.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    return { start, end: Math.max(start, end) };
  }

  /** Puts exactly {@code want} into the body in order, moving as few nodes as possible; keeps the focus. */
  place(want) {
    const active = document.activeElement;
    this.moving = true;
    let cursor = this.body.firstChild;
    for (const node of want) {
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else {
        this.body.insertBefore(node, cursor);
      }
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    if (active && active !== document.activeElement && this.body.contains(active)) active.focus({ preventScroll: true });
    this.moving = false;
  }

  onKey(ev) {
    const row = ev.target.closest('tr[data-patient]');
    if (!row || !NAV_KEYS.has(ev.key) || ev.target.tagName === 'INPUT') return;
    const at = this.index.get(row.dataset.patient);
    if (at === undefined) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }[ev.key];
    const to = Math.min(this.order.length - 1, Math.max(0, at + step));
    ev.preventDefault();
    this.focusPatient(this.order[to]);
  }

  /** Scrolls a patient's row into view and focuses its open button. */
  focusPatient(id) {
    const i = this.index.get(id);
    if (i === undefined) return;
    const head = this.table.tHead ? this.table.tHead.offsetHeight : 0;
    const rowTop = head + i * ROW_HEIGHT;
    const view = this.scroller.clientHeight;
    if (rowTop - head < this.scroller.scrollTop) this.scroller.scrollTop = rowTop - head;
    else if (rowTop + ROW_HEIGHT > this.scroller.scrollTop + view) this.scroller.scrollTop = rowTop + ROW_HEIGHT - view;
    this.focusId = id;
    this.render();
    const row = this.rows.get(id);
    if (row) row.querySelector('[data-testid=patient-open]').focus({ preventScroll: true });
  }
}

function spacer() {
  const td = el('td', { colspan: '12' });
  return el('tr', { class: 'spacer', 'aria-hidden': 'true', role: 'presentation' }, td);
}

/** Every cell's content sits in a div.cell clipped to the fixed row height (table cells only grow). */
function cell(tag, attrs, ...children) {
  return el(tag, attrs, el('div', { class: 'cell' }, ...children));
}

function createRow(p, onOpen) {
  const open = el('button', { type: 'button', class: 'link', dataset: { testid: 'patient-open' },
    onclick: () => onOpen(p.pseudonym) });
  const cells = [
    cell('th', { scope: 'row' }, open),
    cell('td', { dataset: { testid: 'patient-day' } }),
    cell('td', { dataset: { testid: 'worst-alarm' } }),
    cell('td', { dataset: { testid: 'news2' } }),
    ...VITALS.map((v) => cell('td', { dataset: { vital: v.key } })),
    cell('td', { dataset: { vital: 'bp' } }),
    cell('td', { dataset: { testid: 'sparkline' } }),
    cell('td', { dataset: { testid: 'devices' } }),
    cell('td', { dataset: { testid: 'data-age' } }, ageSpan(null)),
  ];
  return el('tr', { class: 'patient-row', dataset: { testid: 'patient-row', patient: p.pseudonym } }, ...cells);
}

function updateRow(store, row, p, w) {
  const tds = [...row.children];
  const [who, day, alarm, news, ...rest] = tds.map((td) => td.firstChild);
  const open = who.firstChild;
  open.replaceChildren(el('strong', { text: p.displayLabel || p.pseudonym }),
    el('span', { class: 'sub', text: ` ${p.pseudonym}${p.product ? ' · ' + p.product : ''}` }));
  day.textContent = p.dayLabel;
  alarm.replaceChildren(...(w ? worstAlarmCell(w) : [el('span', { class: 'hint', text: 'none' })]));
  news.replaceChildren(...news2Cell(p.news2));
  tds[3].classList.toggle('partial', !!(p.news2 && p.news2.partial));
  VITALS.forEach((v, i) => vitalCell(tds[4 + i], p.latest[v.key], v.digits));
  bpCell(tds[4 + VITALS.length], p.latest.sbp, p.latest.dbp);
  const spark = store.sparks.get(p.pseudonym) || [];
  rest[VITALS.length + 1].replaceChildren(sparkline(spark, 38.0));
  rest[VITALS.length + 2].replaceChildren(...p.devices.map(deviceBadge));
  setAge(rest[VITALS.length + 3].firstChild, p.lastDataMillis);
}

/** NEWS2 in two short lines: total and "partial", then the missing inputs (all of them in the tooltip). */
function news2Cell(n) {
  if (!n) return [el('span', { class: 'hint', text: '—' })];
  if (!n.partial) return [el('strong', { text: String(n.total) })];
  const missing = `missing ${n.missing.join(', ')}`;
  return [el('strong', { text: `${n.total}` }), ' (partial)',
    el('span', { class: 'sub news2-missing', title: missing, text: missing })];
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
  const box = td.firstChild;
  if (!lv) {
    box.replaceChildren(el('span', { class: 'hint', text: '—' }));
    td.classList.remove('low-conf');
    return;
  }
  const low = lv.quality !== 'ok';
  td.classList.toggle('low-conf', low);
  td.title = low ? 'Low confidence (poor signal): not scored' : '';
  const parts = [el('span', { class: 'value', text: `${fmtValue(lv.value, digits)} ${lv.unit}` })];
  if (low) parts.push(el('span', { class: 'sub', text: ' (low conf.)' }));
  if (lv.late) parts.push(' ', lateBadge(lv.arrivalDelaySeconds * 1000));
  box.replaceChildren(...parts, el('br'), ageSpan(lv.atMillis));
}

function bpCell(td, sbp, dbp) {
  const box = td.firstChild;
  if (!sbp) {
    box.replaceChildren(el('span', { class: 'hint', text: '—' }));
    return;
  }
  const text = `${fmtValue(sbp.value, 0)}/${dbp ? fmtValue(dbp.value, 0) : '—'} mmHg`;
  td.classList.toggle('low-conf', sbp.quality !== 'ok');
  box.replaceChildren(el('span', { class: 'value', text }), ...(sbp.late ? [' ', lateBadge(sbp.arrivalDelaySeconds * 1000)] : []),
    el('br'), ageSpan(sbp.atMillis));
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
