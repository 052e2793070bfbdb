// The board's temperature sparklines: tiny SVG polylines, no axes. Only the rows on screen exist
// (the board is windowed), so a few dozen of these are drawn at a time; a uPlot instance per row
// (canvas, resize observer, cursor layer) would cost more to create on every scroll than it saves.
const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
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
