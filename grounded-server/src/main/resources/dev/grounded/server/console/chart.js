// Small hand-written SVG charts: bars (grouped or stacked), lines, histograms and intervals.
// Built with s() only (geometry as attributes, colours from console.css classes, so the CSP holds);
// each chart is an <svg role="img"> with a <title>, and its numbers also in a table for screen
// readers and for reading exact values.
import { h, s, table } from './dom.js';

const W = 640;
const H = 240;
const PAD = { top: 12, right: 12, bottom: 34, left: 72 };
let ids = 0;

/** Series colours: console.css defines .s0 … .s7. */
const cls = (i) => 's' + (i % 8);

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function frame(title, desc) {
  const id = 'chart' + (++ids);
  const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + 't ' + id + 'd',
    preserveAspectRatio: 'xMidYMid meet' },
  s('title', { id: id + 't' }, title), s('desc', { id: id + 'd' }, desc || title));
  return svg;
}

function yAxis(svg, max, fmt) {
  const plotH = H - PAD.top - PAD.bottom;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = PAD.top + plotH - (plotH * i) / 4;
    svg.append(s('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }));
    svg.append(s('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }));
}

function xLabels(svg, labels, xOf, step, edges) {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((l, i) => {
    if (i % every && !(edges && i === labels.length - 1)) return;
    svg.append(s('text', { x: xOf(i) + (edges ? 0 : step / 2), y: H - PAD.bottom + 16, 'text-anchor': 'middle' }, l));
  });
}

function legend(series) {
  if (series.length < 2) return null;
  return h('ul', { class: 'legend' }, series.map((se, i) =>
    h('li', null, h('span', { class: 'swatch ' + cls(i), 'aria-hidden': 'true' }), se.name)));
}

function dataTable(caption, labels, series, fmt, labelHead) {
  return h('details', { class: 'chart-data' }, h('summary', null, 'Numbers of this chart'),
    table([labelHead || '', ...series.map((se) => se.name)],
      labels.map((l, i) => [l, ...series.map((se) => fmt(se.values[i] || 0))]), caption));
}

/**
 * Bars over labels: one series per group, side by side or stacked.
 * {title, labels, series: [{name, values}], stacked, format, labelHead, ticks, counts}: ticks (one more than the
 * labels) label the bars' edges instead of their centres; counts: whole-number gridlines.
 */
export function barChart(o) {
  const fmt = o.format || String;
  const labels = o.labels;
  const series = o.series.length ? o.series : [{ name: o.title, values: labels.map(() => 0) }];
  const totals = labels.map((_, i) => o.stacked
    ? series.reduce((a, se) => a + (se.values[i] || 0), 0)
    : Math.max(0, ...series.map((se) => se.values[i] || 0)));
  const top = Math.max(0, ...totals);
  // counts get whole-number gridlines (four of them)
  const max = o.counts ? Math.max(4, Math.ceil(top / 4) * 4) : niceMax(top);
  const svg = frame(o.title, o.desc);
  yAxis(svg, max, fmt);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, labels.length);
  const barW = Math.max(1, step * 0.7);
  const xOf = (i) => PAD.left + i * step;
  labels.forEach((label, i) => {
    let base = 0;
    series.forEach((se, k) => {
      const v = se.values[i] || 0;
      if (!(v > 0)) return;
      const hgt = (plotH * v) / max;
      let x, w, y;
      if (o.stacked) {
        x = xOf(i) + (step - barW) / 2; w = barW; y = PAD.top + plotH - (plotH * base) / max - hgt; base += v;
      } else {
        w = barW / series.length; x = xOf(i) + (step - barW) / 2 + k * w; y = PAD.top + plotH - hgt;
      }
      svg.append(s('rect', { class: 'bar ' + cls(k), x: x.toFixed(1), y: y.toFixed(1), width: w.toFixed(1), height: Math.max(0.5, hgt).toFixed(1) },
        s('title', null, label + ' · ' + se.name + ': ' + fmt(v))));
    });
  });
  xLabels(svg, o.ticks || labels, xOf, step, !!o.ticks);
  return h('figure', { class: 'chart-fig' }, h('figcaption', null, o.title), svg, legend(series),
    dataTable(o.title, labels, series, fmt, o.labelHead));
}

/** Lines over labels: {title, labels, series: [{name, values}], format, labelHead} */
export function lineChart(o) {
  const fmt = o.format || String;
  const labels = o.labels;
  const series = o.series;
  const max = niceMax(Math.max(0, ...series.flatMap((se) => se.values.map((v) => v || 0))));
  const svg = frame(o.title, o.desc);
  yAxis(svg, max, fmt);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, labels.length);
  const xOf = (i) => PAD.left + i * step;
  const yOf = (v) => PAD.top + plotH - (plotH * (v || 0)) / max;
  series.forEach((se, k) => {
    const pts = labels.map((_, i) => (xOf(i) + step / 2).toFixed(1) + ',' + yOf(se.values[i]).toFixed(1));
    svg.append(s('polyline', { class: 'line ' + cls(k), points: pts.join(' ') }));
    labels.forEach((l, i) => svg.append(s('circle', { class: 'dot ' + cls(k), cx: (xOf(i) + step / 2).toFixed(1), cy: yOf(se.values[i]).toFixed(1), r: 3 },
      s('title', null, l + ' · ' + se.name + ': ' + fmt(se.values[i] || 0)))));
  });
  xLabels(svg, labels, xOf, step);
  return h('figure', { class: 'chart-fig' }, h('figcaption', null, o.title), svg, legend(series),
    dataTable(o.title, labels, series, fmt, o.labelHead));
}

/** Counts of values in equal bins over [min, max]: {title, values, bins = 10, min = 0, max = 1} */
export function histogram(o) {
  const bins = o.bins || 10;
  const lo = o.min == null ? 0 : o.min;
  const hi = o.max == null ? 1 : o.max;
  const counts = new Array(bins).fill(0);
  for (const v of o.values) {
    if (v == null || Number.isNaN(v)) continue;
    let b = Math.floor(((v - lo) / (hi - lo)) * bins);
    b = Math.min(bins - 1, Math.max(0, b));
    counts[b]++;
  }
  const width = (hi - lo) / bins;
  const labels = counts.map((_, i) => (lo + i * width).toFixed(1) + '–' + (lo + (i + 1) * width).toFixed(1));
  const fig = barChart({ title: o.title, desc: o.title + ': ' + o.values.length + ' items in ' + bins + ' bins',
    labels, ticks: [...counts.map((_, i) => (lo + i * width).toFixed(1)), hi.toFixed(1)], series: [{ name: 'items', values: counts }], counts: true, format: (v) => String(Math.round(v)), labelHead: 'score' });
  fig.classList.add('histogram');
  return fig;
}

/**
 * Means with their intervals on a shared 0..max axis, one row per metric:
 * {title, rows: [{name, mean, low, high}], max = 1, format}
 */
export function intervalChart(o) {
  const fmt = o.format || ((v) => v.toFixed(3));
  const rows = o.rows;
  const max = o.max || Math.max(1, ...rows.map((r) => r.high || r.mean || 0));
  const rowH = 22;
  const left = 150;
  const right = 16;
  const height = rows.length * rowH + 28;
  const id = 'chart' + (++ids);
  const svg = s('svg', { class: 'chart intervals', viewBox: '0 0 ' + W + ' ' + height, role: 'img', 'aria-labelledby': id + 't' },
    s('title', { id: id + 't' }, o.title));
  const xOf = (v) => left + ((W - left - right) * Math.max(0, Math.min(max, v))) / max;
  for (let i = 0; i <= 4; i++) {
    const x = xOf((max * i) / 4);
    svg.append(s('line', { class: 'grid', x1: x, x2: x, y1: 4, y2: height - 20 }));
    svg.append(s('text', { x, y: height - 6, 'text-anchor': 'middle' }, fmt((max * i) / 4)));
  }
  rows.forEach((r, i) => {
    const y = 14 + i * rowH;
    svg.append(s('text', { x: left - 8, y: y + 4, 'text-anchor': 'end' }, r.name));
    if (r.low != null && r.high != null)
      svg.append(s('line', { class: 'whisker', x1: xOf(r.low).toFixed(1), x2: xOf(r.high).toFixed(1), y1: y, y2: y }));
    svg.append(s('circle', { class: 'dot s0', cx: xOf(r.mean).toFixed(1), cy: y, r: 4 },
      s('title', null, r.name + ': ' + fmt(r.mean) + (r.low != null ? ' [' + fmt(r.low) + ', ' + fmt(r.high) + ']' : ''))));
  });
  return h('figure', { class: 'chart-fig' }, h('figcaption', null, o.title), svg);
}
