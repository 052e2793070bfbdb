// Trend charts in plain SVG: a time axis labelled with D+N, reference lines (38.0 °C) and an
// optional band; low-confidence points are drawn grey and not joined to the line.
import { dayOf } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Draws one series into a new SVG element.
 * opts: {from, to, unit, label, lines: [{value, label}], band: {low, high}|null,
 *        infusionDate, width, height, testid, vital, min, max}
 */
export function trendChart(points, opts) {
  const W = opts.width || 640;
  const H = opts.height || 150;
  const pad = { l: 44, r: 8, t: 22, b: 22 };
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', class: 'trend' });
  svg.dataset.testid = opts.testid || 'trend';
  if (opts.vital) svg.dataset.vital = opts.vital;
  const title = svgEl('title', {});
  title.textContent = `${opts.label} trend`;
  svg.append(title);
  const values = points.map((p) => p[1]);
  const refs = (opts.lines || []).map((l) => l.value);
  let lo = Math.min(...values, ...refs, opts.min ?? Infinity);
  let hi = Math.max(...values, ...refs, opts.max ?? -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-6) { lo -= 1; hi += 1; }
  const x = (t) => pad.l + ((t - opts.from) / (opts.to - opts.from)) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - ((v - lo) / (hi - lo)) * (H - pad.t - pad.b);

  svg.append(svgEl('rect', { x: pad.l, y: pad.t, width: W - pad.l - pad.r, height: H - pad.t - pad.b, class: 'plot' }));
  if (opts.band) {
    svg.append(svgEl('rect', { x: pad.l, y: y(opts.band.high), width: W - pad.l - pad.r,
      height: Math.max(0, y(opts.band.low) - y(opts.band.high)), class: 'band' }));
  }
  const label = svgEl('text', { x: 4, y: 12, class: 'chart-label' });
  label.textContent = `${opts.label} (${opts.unit})`;
  svg.append(label);
  [lo, hi].forEach((v) => {
    const t = svgEl('text', { x: pad.l - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' });
    t.textContent = v.toFixed(v % 1 === 0 ? 0 : 1);
    svg.append(t);
  });
  timeAxis(svg, opts, x, H - pad.b, pad.t);
  for (const l of opts.lines || []) {
    svg.append(svgEl('line', { x1: pad.l, x2: W - pad.r, y1: y(l.value), y2: y(l.value), class: 'ref-line' }));
    const t = svgEl('text', { x: W - pad.r - 2, y: y(l.value) - 3, class: 'ref-label', 'text-anchor': 'end' });
    t.textContent = l.label;
    svg.append(t);
  }
  const good = points.filter((p) => !p[2]);
  if (good.length > 1) {
    svg.append(svgEl('polyline', { points: good.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' '),
      class: 'series' }));
  }
  for (const p of points) {
    svg.append(svgEl('circle', { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: p[2] ? 2 : 1.6,
      class: p[2] ? 'pt low' : 'pt' }));
  }
  if (points.length === 0) {
    const t = svgEl('text', { x: W / 2, y: H / 2, class: 'axis', 'text-anchor': 'middle' });
    t.textContent = 'no data in this period';
    svg.append(t);
  }
  return svg;
}

function timeAxis(svg, opts, x, yBase, yTop) {
  const span = opts.to - opts.from;
  const step = span > 36 * 3600000 ? 12 * 3600000 : 6 * 3600000;
  const first = Math.ceil(opts.from / step) * step;
  for (let t = first; t <= opts.to; t += step) {
    svg.append(svgEl('line', { x1: x(t), x2: x(t), y1: yTop, y2: yBase, class: 'grid' }));
    const d = dayOf(opts.infusionDate, t);
    const hh = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const txt = svgEl('text', { x: x(t), y: yBase + 14, class: 'axis', 'text-anchor': 'middle' });
    txt.textContent = d === null ? hh : `D+${d} ${hh}`;
    svg.append(txt);
  }
}

/** A small sparkline (no axes) with the 38.0 °C line. values: [[t, v], ...]. */
export function sparkline(values, refLine) {
  const W = 90;
  const H = 24;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'spark', 'aria-hidden': 'true' });
  if (values.length < 2) return svg;
  const vs = values.map((p) => p[1]).concat(refLine === undefined ? [] : [refLine]);
  const lo = Math.min(...vs) - 0.1;
  const hi = Math.max(...vs) + 0.1;
  const t0 = values[0][0];
  const t1 = values[values.length - 1][0] || t0 + 1;
  const x = (t) => 1 + ((t - t0) / Math.max(1, t1 - t0)) * (W - 2);
  const y = (v) => H - 2 - ((v - lo) / (hi - lo)) * (H - 4);
  if (refLine !== undefined) svg.append(svgEl('line', { x1: 0, x2: W, y1: y(refLine), y2: y(refLine), class: 'ref-line' }));
  svg.append(svgEl('polyline', { points: values.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' '),
    class: 'series' }));
  return svg;
}
