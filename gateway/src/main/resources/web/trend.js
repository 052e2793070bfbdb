// The patient page's trend charts, drawn by uPlot (served from its WebJar by the gateway; no CDN):
// a time axis labelled D+N since infusion, reference lines (38.0 °C), the patient's baseline band
// (mean ± 2 SD) shaded behind the series, alarm onsets as vertical markers, and low-confidence
// readings as grey points that are not joined to the line.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { el, dayOf } from './dom.js';

const HEIGHT = 170;
const PRIORITY_COLOUR = { HIGH: '#c62828', MEDIUM: '#f9a825', LOW: '#00acc1' };

/** "D+5 06:00" (or just the time when the infusion date is unknown). */
export function dayTime(infusionDate, millis) {
  const d = dayOf(infusionDate, millis);
  const hh = new Date(millis).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d === null ? hh : `D+${d} ${hh}`;
}

/** Minutes between ticks: every 10 min over an hour, hourly over 6 h, every 6 h over a day, every 12 h longer. */
function tickStepMinutes(spanSec) {
  if (spanSec <= 2 * 3600) return 10;
  if (spanSec <= 8 * 3600) return 60;
  return spanSec > 36 * 3600 ? 720 : 360;
}

/** Tick positions (epoch seconds) on whole local steps (10 min, 1 h, 6 h or 12 h) inside [from, to]. */
function ticks(fromSec, toSec) {
  const step = tickStepMinutes(toSec - fromSec);
  const t = new Date(fromSec * 1000);
  t.setSeconds(0, 0);
  const ofDay = () => t.getHours() * 60 + t.getMinutes();
  while (ofDay() % step !== 0 || t.getTime() < fromSec * 1000) t.setMinutes(t.getMinutes() + 1);
  const out = [];
  for (; t.getTime() <= toSec * 1000; t.setMinutes(t.getMinutes() + step)) out.push(t.getTime() / 1000);
  return out;
}

/**
 * One chart per vital in {@code container}; instances are kept and fed new data on refresh.
 * chart spec: {key, label, unit, lines: [{value, label}], min, max}
 */
export class TrendCharts {
  constructor(container) {
    this.container = container;
    this.charts = new Map(); // key -> {u, state, box}
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(container);
  }

  /** Draws (or updates) every chart. history: the /vitals answer; patient: the live Patient; alarms: its alarms. */
  render(specs, history, patient, hours, alarms) {
    const to = history.serverTime;
    const from = to - hours * 3600000;
    if (this.hours !== hours) this.clear();
    this.hours = hours;
    specs.forEach((spec) => {
      const series = history.series[spec.key];
      const state = chartState(spec, series ? series.points : [], from, to, patient, alarms);
      let c = this.charts.get(spec.key);
      if (!c) {
        c = this.create(spec, state);
        this.charts.set(spec.key, c);
      } else {
        Object.assign(c.state, state);
        c.u.setData(state.data);
      }
      describe(c.box, spec, c.state);
    });
    if (!this.note) {
      this.note = el('p', { class: 'hint', text: 'Blue: readings, joined. Grey dots: low-confidence readings (not joined,'
        + ' not scored). Green band: the patient\'s baseline, mean ± 2 SD. Vertical lines: alarm onsets.' });
      this.container.append(this.note);
    }
  }

  create(spec, state) {
    const caption = el('div', { class: 'trend-caption', dataset: { testid: 'trend-caption' } });
    const plot = el('div', { class: 'trend-plot' });
    const box = el('figure', { class: 'trend', dataset: { testid: 'trend', vital: spec.key } }, caption, plot);
    this.container.insertBefore(box, this.note || null);
    const u = new uPlot(options(spec, state, box, this.width()), state.data, plot);
    return { u, state, box };
  }

  width() {
    const cols = getComputedStyle(this.container).gridTemplateColumns.split(' ').filter((s) => s.endsWith('px'));
    const w = cols.length ? parseFloat(cols[0]) : this.container.clientWidth;
    return Math.max(320, Math.floor(w) - 2);
  }

  fit() {
    const w = this.width();
    for (const c of this.charts.values()) {
      if (Math.abs(c.u.width - w) > 4) c.u.setSize({ width: w, height: HEIGHT });
    }
  }

  clear() {
    for (const c of this.charts.values()) {
      c.u.destroy();
      c.box.remove();
    }
    this.charts.clear();
  }

  destroy() {
    this.clear();
    this.resize.disconnect();
    this.container.replaceChildren();
    this.note = null;
  }
}

/** Everything a chart draws, recomputed on each refresh; the uPlot hooks read it. */
function chartState(spec, points, from, to, patient, alarms) {
  const xs = [];
  const good = [];
  const low = [];
  for (const [t, v, lowConf] of points) {
    xs.push(t / 1000);
    good.push(lowConf ? null : v);
    low.push(lowConf ? v : null);
  }
  const baseline = patient.baselines ? patient.baselines[spec.key] || null : null;
  const values = points.map((p) => p[1]);
  const bounds = values.concat(spec.lines.map((l) => l.value), baseline ? [baseline.low, baseline.high] : []);
  let lo = Math.min(spec.min, ...bounds);
  let hi = Math.max(spec.max, ...bounds);
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  return {
    data: [xs, good, low], from: from / 1000, to: to / 1000, lo, hi, lines: spec.lines, baseline,
    infusionDate: patient.infusionDate,
    alarms: alarms.filter((a) => a.onsetMillis >= from && a.onsetMillis <= to),
    goodCount: good.filter((v) => v !== null).length, lowCount: low.filter((v) => v !== null).length,
  };
}

function options(spec, state, box, width) {
  const px = (n) => Math.round(n * uPlot.pxRatio);
  return {
    width, height: HEIGHT,
    legend: { show: false },
    cursor: { y: false, points: { size: 6 } },
    scales: {
      x: { time: true, range: () => [state.from, state.to] },
      y: { range: () => [state.lo, state.hi] },
    },
    axes: [
      { stroke: '#667', font: '10px system-ui', size: 28, grid: { stroke: '#e3e7eb', width: 1 },
        splits: () => ticks(state.from, state.to),
        values: (u, splits) => splits.map((s) => dayTime(state.infusionDate, s * 1000)) },
      { stroke: '#667', font: '10px system-ui', size: 40, grid: { stroke: '#eef1f4', width: 1 } },
    ],
    series: [
      {},
      { label: spec.label, stroke: '#1565c0', width: 1.5, spanGaps: true, points: { size: 3, fill: '#1565c0' } },
      { label: 'low confidence', stroke: '#b0b7bf', paths: () => null,
        points: { show: true, space: 0, size: 4, fill: '#b0b7bf', stroke: '#b0b7bf' } },
    ],
    hooks: {
      // after the grid, before the series: the band sits behind the readings
      drawAxes: [(u) => drawBand(u, state, box)],
      draw: [(u) => {
        drawLines(u, state, px);
        drawAlarms(u, state, px);
        box.dataset.drawn = String(Number(box.dataset.drawn || 0) + 1);
      }],
    },
  };
}

function drawBand(u, state, box) {
  const b = state.baseline;
  if (!b) {
    delete box.dataset.band;
    return;
  }
  const top = Math.max(u.bbox.top, u.valToPos(b.high, 'y', true));
  const bottom = Math.min(u.bbox.top + u.bbox.height, u.valToPos(b.low, 'y', true));
  const ctx = u.ctx;
  ctx.save();
  ctx.fillStyle = b.complete ? 'rgba(76, 175, 80, 0.22)' : 'rgba(76, 175, 80, 0.12)';
  ctx.fillRect(u.bbox.left, top, u.bbox.width, Math.max(1, bottom - top));
  ctx.restore();
  const r = uPlot.pxRatio;
  box.dataset.band = `${b.low.toFixed(2)}..${b.high.toFixed(2)}`;
  box.dataset.bandPx = [u.bbox.left / r, top / r, u.bbox.width / r, Math.max(1, bottom - top) / r]
    .map((n) => n.toFixed(1)).join(',');
}

function drawLines(u, state, px) {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#c62828';
  ctx.fillStyle = '#c62828';
  ctx.lineWidth = px(1);
  ctx.setLineDash([px(4), px(3)]);
  ctx.font = `${px(10)}px system-ui`;
  ctx.textAlign = 'right';
  for (const l of state.lines) {
    const y = Math.round(u.valToPos(l.value, 'y', true)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.fillText(l.label, u.bbox.left + u.bbox.width - px(3), y - px(3));
  }
  ctx.restore();
}

function drawAlarms(u, state, px) {
  const ctx = u.ctx;
  ctx.save();
  ctx.lineWidth = px(2);
  ctx.font = `bold ${px(9)}px system-ui`;
  for (const a of state.alarms) {
    const x = Math.round(u.valToPos(a.onsetMillis / 1000, 'x', true));
    const colour = PRIORITY_COLOUR[a.priority] || '#37474f';
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    const nearRight = x > u.bbox.left + u.bbox.width * 0.8; // label to the left of a line at the right edge
    ctx.textAlign = nearRight ? 'right' : 'left';
    ctx.fillText(`${a.priority} ${a.rule}`, nearRight ? x - px(3) : x + px(3), u.bbox.top + px(10));
  }
  ctx.restore();
}

/** The chart in words: for screen readers and for anyone reading the figures off the page. */
function describe(box, spec, s) {
  const parts = [el('strong', { text: `${spec.label} (${spec.unit})` })];
  s.lines.forEach((l) => parts.push(el('span', { class: 'ref-key', text: ` — ${l.label} line` })));
  if (s.baseline) {
    const b = s.baseline;
    const how = b.configured ? 'set by a clinician' : `learned from ${b.samples} readings${b.complete ? '' : ', still learning'}`;
    parts.push(el('span', { class: 'band-key', dataset: { testid: 'baseline-key' },
      text: ` · baseline ${b.low.toFixed(1)}–${b.high.toFixed(1)} ${spec.unit} (mean ± 2 SD, ${how})` }));
  }
  parts.push(el('span', { class: 'sub', text: ` · ${dayTime(s.infusionDate, s.from * 1000)} → ${dayTime(s.infusionDate, s.to * 1000)}`
    + ` · ${s.goodCount} readings${s.lowCount ? `, ${s.lowCount} low-confidence` : ''}`
    + `${s.alarms.length ? ` · ${s.alarms.length} alarm onset(s)` : ''}` }));
  if (s.goodCount + s.lowCount === 0) parts.push(el('span', { class: 'hint', text: ' · no data in this period' }));
  box.querySelector('.trend-caption').replaceChildren(...parts);
  box.dataset.points = String(s.goodCount);
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', box.querySelector('.trend-caption').textContent);
}
