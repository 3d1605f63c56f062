// The console's only way to build DOM: elements and text nodes, never HTML strings. Document
// texts are untrusted input; text nodes cannot run script, so nothing shown can either.

const SVG = 'http://www.w3.org/2000/svg';

/** An element: h('a', {href: '#/x', class: 'c', on: {click: fn}}, 'text', child, [more]). */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element (charts). */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG, tag), props, children);
}

function build(el, props, children) {
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) throw new Error('event handlers go in "on", not ' + k);
      else if ((k === 'href' || k === 'src') && !safeUrl(v)) throw new Error('unsafe URL ' + v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function safeUrl(v) {
  return /^(#|\/|[a-z0-9_.-]+\.(svg|js|css)$)/i.test(String(v)) && !/^\/\//.test(String(v));
}

/** Appends children (nodes, strings, arrays of them; null and false are skipped). */
export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function fmtTime(seconds) {
  if (seconds == null) return '';
  const d = new Date(seconds * 1000);
  return d.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

export function fmtNumber(n, digits = 0) {
  if (n == null || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtMoney(n) {
  if (n == null) return '–';
  return '$' + Number(n).toLocaleString('en-US', { maximumFractionDigits: n < 1 ? 4 : 2 });
}

let toastTimer;
/** A short message in the status region (read out by screen readers). */
export function toast(text, kind = 'info') {
  const t = document.getElementById('toast');
  t.className = 'toast show ' + kind;
  t.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = 'toast'; }, 5000);
}

/** A labelled form field. */
export function field(label, control, hint) {
  const id = control.id || ('f' + Math.random().toString(36).slice(2, 9));
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

/** A table from rows of cells (strings or nodes). */
export function table(headers, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', null,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c)))))));
}

/** Shows an API error in place. */
export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e && e.message ? e.message : String(e));
}

/**
 * Puts the view's state in the address without re-rendering it (history.replaceState), keeping
 * main[data-rendered] (the route the page shows) in step.
 */
export function replaceRoute(hash) {
  const main = document.getElementById('main');
  const shown = main.dataset.rendered === location.hash;
  history.replaceState(null, '', hash);
  if (shown) main.dataset.rendered = location.hash;
}

/**
 * Asks for a confirmation in a modal dialog (focus starts on Cancel; Escape cancels); resolves to
 * true when the user confirms.
 */
export function confirmAction(title, text, action) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-label': title });
    const cancel = h('button', { type: 'button', class: 'cancel', on: { click: () => dialog.close('cancel') } }, 'Cancel');
    const ok = h('button', { type: 'button', class: 'danger confirm-action', on: { click: () => dialog.close('confirm') } }, action);
    append(dialog, [h('h2', null, title), h('p', null, text), h('div', { class: 'row' }, cancel, ok)]);
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'confirm'); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
