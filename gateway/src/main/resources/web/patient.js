// The patient page: latest values, NEWS2 breakdown, 1/6/24/72 h trends, manual entries, devices.
// The selected patient lives in JS state and sessionStorage only — never in the page URL.
import { el, fmtValue, ageSpan, fmtTime, getJson, postJson, lateBadge } from './dom.js';
import { TrendCharts } from './trend.js';
import { news2Text } from './board.js';
import { HistorySection } from './history.js';
import { CommandPanel } from './commands.js';

const CHARTS = [
  { key: 'temp', label: 'Temperature', unit: '°C', lines: [{ value: 38.0, label: '38.0 °C fever' }], min: 36, max: 39 },
  { key: 'spo2', label: 'SpO2', unit: '%', lines: [{ value: 92, label: '92 %' }], min: 88, max: 100 },
  { key: 'hr', label: 'Heart rate', unit: '/min', lines: [], min: 50, max: 120 },
  { key: 'rr', label: 'Respiratory rate', unit: '/min', lines: [], min: 8, max: 25 },
  { key: 'sbp', label: 'Systolic BP', unit: 'mmHg', lines: [{ value: 90, label: '90 mmHg' }], min: 80, max: 160 },
];
const LATEST = [['temp', 1], ['spo2', 0], ['hr', 0], ['rr', 0], ['sbp', 0], ['dbp', 0], ['weight', 1], ['pi', 1]];
const REFETCH_MS = 30000;
/** Trend windows in hours; the page opens on the smallest that holds all of the patient's recent data. */
export const RANGES = [1, 6, 24, 72];

/** The smallest range (hours) that covers every point of a /vitals answer; 72 when there is none or more. */
export function fitRange(history) {
  let earliest = Infinity;
  Object.values(history.series || {}).forEach((s) => s.points.forEach((p) => { earliest = Math.min(earliest, p[0]); }));
  if (!Number.isFinite(earliest)) return RANGES[RANGES.length - 1];
  const spanHours = (history.serverTime - earliest) / 3600000;
  return RANGES.find((h) => h >= spanHours * 1.05) || RANGES[RANGES.length - 1];
}

export class PatientPage {
  constructor(store, root) {
    this.store = store;
    this.root = root;
    this.hours = null; // null: fit the range to the data on the next load
    this.fetchedAt = 0;
    this.history = null;
    this.charts = new TrendCharts(root.querySelector('#patient-trends'));
    RANGES.forEach((h) => root.querySelector(`#range-${h}`).addEventListener('click', () => this.setRange(h)));
    this.buildForms();
    this.historySection = new HistorySection(root);
    this.commandPanel = new CommandPanel(root, () => this.id);
  }

  /** A device command changed state (live feed). */
  onCommand(c) {
    this.commandPanel.onCommand(c);
  }

  /** Re-reads the open patient's commands (after a reconnect). */
  loadCommands() {
    this.commandPanel.load();
  }

  get id() { return this.store.selected; }

  show(id) {
    this.store.selected = id;
    sessionStorage.setItem('hw.selected', id);
    this.history = null;
    this.fetchedAt = 0;
    this.hours = null;
    this.charts.destroy();
    this.render();
    this.loadHistory();
    this.historySection.show(id);
    this.commandPanel.reset();
  }

  hide() {
    this.store.selected = null;
    sessionStorage.removeItem('hw.selected');
  }

  setRange(hours) {
    this.markRange(hours);
    this.loadHistory();
  }

  markRange(hours) {
    this.hours = hours;
    RANGES.forEach((h) => this.root.querySelector(`#range-${h}`).setAttribute('aria-pressed', String(h === hours)));
  }

  async loadHistory(background = false) {
    const id = this.id;
    if (!id) return;
    this.fetchedAt = Date.now();
    try {
      const fit = this.hours === null;
      const hours = fit ? RANGES[RANGES.length - 1] : this.hours;
      const h = await getJson(`/api/patients/${encodeURIComponent(id)}/vitals?since=-${hours}h`, background);
      if (this.id === id) {
        if (fit && this.hours === null) this.markRange(fitRange(h));
        this.history = h;
        this.renderTrends();
      }
    } catch (e) {
      this.charts.destroy();
      this.root.querySelector('#patient-trends').replaceChildren(el('p', { class: 'error', text: 'Trends unavailable.' }));
    }
  }

  /** Called on every live update while the page is open. */
  render() {
    const p = this.store.patients.get(this.id);
    if (!p) return;
    this.root.querySelector('#patient-title').textContent = `${p.displayLabel || p.pseudonym} · ${p.dayLabel}`;
    this.root.querySelector('#patient-meta').textContent =
      `${p.pseudonym}${p.product ? ' · ' + p.product : ''} · infused ${p.infusionDate || '—'}`;
    this.root.querySelector('#patient-latest').replaceChildren(...LATEST.filter(([k]) => p.latest[k]).map(([k, d]) => {
      const lv = p.latest[k];
      return el('div', { class: `latest${lv.quality !== 'ok' ? ' low-conf' : ''}`, dataset: { vital: k } },
        el('div', { class: 'latest-name', text: k.toUpperCase() }),
        el('div', { class: 'latest-value', text: `${fmtValue(lv.value, d)} ${lv.unit}` }),
        el('div', { class: 'sub' }, fmtTime(lv.atMillis), ' · ', ageSpan(lv.atMillis),
          lv.quality !== 'ok' ? ' · low confidence' : '', lv.late ? ' · ' : '',
          lv.late ? lateBadge(lv.arrivalDelaySeconds * 1000) : ''));
    }));
    this.renderNews2(p.news2);
    this.renderDevices(p.devices);
    this.commandPanel.renderButtons(p.devices);
    if (Date.now() - this.fetchedAt > REFETCH_MS) this.loadHistory(true);
  }

  renderNews2(n) {
    const box = this.root.querySelector('#patient-news2');
    if (!n) {
      box.replaceChildren(el('p', { class: 'hint', text: 'No parameter available yet.' }));
      return;
    }
    const rows = Object.entries(n.parts).map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: String(v) })));
    n.missing.forEach((m) => rows.push(el('tr', { class: 'missing' }, el('td', { text: m }), el('td', { text: 'missing' }))));
    box.replaceChildren(el('p', { class: n.partial ? 'partial' : '', dataset: { testid: 'news2-total' } }, `NEWS2 ${news2Text(n)}`,
      n.anyThree ? ' · a single parameter scores 3' : ''),
    el('table', { class: 'news2' }, el('thead', {}, el('tr', {}, el('th', { text: 'Parameter' }), el('th', { text: 'Score' }))),
      el('tbody', {}, ...rows)));
  }

  renderDevices(devices) {
    const body = this.root.querySelector('#patient-devices tbody');
    body.replaceChildren(...devices.map((d) => el('tr', { dataset: { testid: 'device-row' } },
      el('td', { text: d.kind }), el('td', { text: d.deviceId }), el('td', { text: d.online ? 'online' : 'OFFLINE' }),
      el('td', { text: d.batteryPercent === null ? '—' : `${Math.round(d.batteryPercent)} %` }),
      el('td', { text: d.signalDbm === null ? '—' : `${Math.round(d.signalDbm)} dBm` }),
      el('td', { text: d.worn === null ? '—' : (d.worn ? 'yes' : 'no') }),
      el('td', {}, ageSpan(d.lastSeenMillis)))));
  }

  renderTrends() {
    const p = this.store.patients.get(this.id);
    const h = this.history;
    if (!p || !h || this.hours === null) return;
    const alarms = [...this.store.alarms.values()].filter((a) => a.patient === p.pseudonym);
    this.charts.render(CHARTS, h, p, this.hours, alarms);
  }

  buildForms() {
    const forms = [
      form('ICE score', 'ice', [numberInput('value', 0, 10, 1)], (g) => ({ kind: 'ICE_SCORE', value: num(g('value')) })),
      form('Consciousness (ACVPU)', 'acvpu', [select('level', ['A', 'C', 'V', 'P', 'U'])],
        (g) => ({ kind: 'ACVPU', level: g('level').value })),
      form('Supplemental O2 (L/min, 0 = room air)', 'oxygen', [numberInput('value', 0, 15, 0.5)],
        (g) => ({ kind: 'SUPPLEMENTAL_OXYGEN', value: num(g('value')) })),
      form('Medication given', 'medication',
        [select('kind', ['ANTIPYRETIC_GIVEN', 'TOCILIZUMAB_GIVEN', 'STEROID_GIVEN']), textInput('text', 'Drug and dose')],
        (g) => ({ kind: g('kind').value, text: g('text').value })),
      form('Neuro check due', 'neuro', [el('input', { type: 'datetime-local', name: 'due', required: true, 'aria-label': 'Due at' })],
        (g) => ({ kind: 'NEURO_CHECK_DUE', text: new Date(g('due').value).toISOString() })),
    ];
    const result = this.root.querySelector('#entry-result');
    for (const f of forms) {
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const id = this.id;
        try {
          const res = await postJson(`/api/patients/${encodeURIComponent(id)}/entries`, f.toBody((n) => f.elements.namedItem(n)));
          result.textContent = res.ok ? `Recorded ${res.body.kind} by ${res.body.user}.`
            : `Not recorded: ${res.body && res.body.message ? res.body.message : 'HTTP ' + res.status}`;
          if (res.ok) f.reset();
        } catch (e) {
          result.textContent = 'Not recorded: no connection.';
        }
      });
    }
    this.root.querySelector('#entry-forms').replaceChildren(...forms);
  }
}

function form(title, testid, inputs, toBody) {
  const f = el('form', { class: 'entry', dataset: { testid: `entry-${testid}` } },
    el('fieldset', {}, el('legend', { text: title }), ...inputs, el('button', { type: 'submit', text: 'Record' })));
  f.toBody = toBody;
  return f;
}

function numberInput(name, min, max, step) {
  return el('input', { type: 'number', name, min: String(min), max: String(max), step: String(step), required: true,
    'aria-label': name });
}

function textInput(name, placeholder) {
  return el('input', { type: 'text', name, placeholder, maxlength: '200', 'aria-label': placeholder });
}

function select(name, options) {
  return el('select', { name, 'aria-label': name }, ...options.map((o) => el('option', { value: o, text: o })));
}

function num(input) {
  return Number(input.value);
}
