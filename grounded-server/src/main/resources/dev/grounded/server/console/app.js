// The console's shell: sign-in, navigation and the hash router. Each view is a module loaded on
// first use, so the first load carries only the shell.
import { get, session } from './api.js';
import { h, replace, field, errorBox } from './dom.js';

const VIEWS = [
  ['ask', 'Ask', () => import('./ask.js')],
  ['collections', 'Collections', () => import('./collections.js')],
  ['search', 'Search', () => import('./search.js')],
  ['eval', 'Evaluation', () => import('./eval.js')],
  ['costs', 'Costs', () => import('./costs.js')],
  ['audit', 'Audit', () => import('./audit.js')],
  ['prompts', 'Prompts', () => import('./prompts.js')],
];

const main = document.getElementById('main');
let cleanup = null;

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [name, ...rest] = hash.split('?')[0].split('/');
  const query = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  return { name: name || 'ask', params: rest.map(decodeURIComponent), query };
}

function nav(current) {
  replace(document.getElementById('nav'), h('ul', null, VIEWS.map(([id, label]) =>
    h('li', null, h('a', { href: '#/' + id, 'aria-current': id === current ? 'page' : null }, label)))));
}

function who() {
  const w = session.who;
  replace(document.getElementById('who'), w
    ? [h('span', { class: 'tenant', title: 'tenant' }, w.tenant),
      w.open ? null : h('button', { type: 'button', class: 'link', on: { click: signOut } }, 'Sign out')]
    : null);
}

/**
 * Marks a view as shown: main[data-rendered] is its route and main[data-renders] counts renders
 * (browser tests wait on them); the first time also the grounded:ready performance mark (the
 * moment the page can be used, read by the test's load figures).
 */
function shown(hash) {
  main.dataset.rendered = hash;
  main.dataset.renders = String(Number(main.dataset.renders || 0) + 1);
  if (!performance.getEntriesByName('grounded:ready').length) performance.mark('grounded:ready');
}

function signOut() {
  session.key = '';
  session.who = null;
  location.hash = '#/ask';
  show();
}

async function signIn() {
  const key = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'gnd_…' });
  const status = h('div');
  const form = h('form', { class: 'card narrow', on: {
    submit: async (e) => {
      e.preventDefault();
      session.key = key.value.trim();
      try {
        session.who = await get('/api/whoami');
        show();
      } catch (err) {
        session.key = '';
        replace(status, errorBox(err));
      }
    } } },
  h('h1', null, 'Sign in'),
  h('p', { class: 'muted' }, 'Use an API key of this server (grounded keys create --tenant NAME). The key stays in this tab only.'),
  field('API key', key), status,
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  nav(null);
  who();
  replace(main, form);
  key.focus();
  shown(location.hash);
}

async function show() {
  const hash = location.hash;
  delete main.dataset.rendered;
  if (cleanup) { try { cleanup(); } catch { /* the old view is gone anyway */ } cleanup = null; }
  if (!session.who) {
    try {
      session.who = await get('/api/whoami');
    } catch (e) {
      if (e.status === 401) return signIn();
      replace(main, errorBox(e));
      shown(hash);
      return;
    }
  }
  const r = route();
  const view = VIEWS.find((v) => v[0] === r.name);
  nav(view ? view[0] : null);
  who();
  if (!view) {
    replace(main, h('p', { class: 'error' }, 'No view ' + r.name));
    shown(hash);
    return;
  }
  document.title = view[1] + ' · Grounded';
  const mod = await view[2]();
  const container = h('div', { class: 'view view-' + view[0] });
  replace(main, container);
  try {
    cleanup = (await mod.render(container, r.params, r.query)) || null;
  } catch (e) {
    replace(container, errorBox(e));
  }
  shown(hash);
  if (!main.contains(document.activeElement) || document.activeElement === main) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', () => { if (location.hash.startsWith('#/') || location.hash === '') show(); });
window.addEventListener('grounded:unauthorized', () => {
  if (session.who && !session.who.open) { session.who = null; session.key = ''; signIn(); }
});
show();
