// Search playground: one query, ranked by BM25, dense kNN, hybrid fusion and the server's
// reranker side by side, each chunk with its score and its rank in the other columns. Chunk texts
// are untrusted: they go in as text nodes only.
import { get, post, enc } from './api.js';
import { h, replace, field, errorBox, fmtNumber, replaceRoute } from './dom.js';

const COLUMNS = [
  { id: 'bm25', title: 'BM25', body: { mode: 'bm25' }, about: 'lexical: term frequency and rarity' },
  { id: 'dense', title: 'Dense', body: { mode: 'dense' }, about: 'embedding similarity (kNN)' },
  { id: 'hybrid', title: 'Hybrid', body: { mode: 'hybrid', rerank: false }, about: 'both rankings fused, the collection\'s fusion settings' },
  { id: 'reranked', title: 'Reranked', body: { mode: 'hybrid' }, about: 'the fused hits read again by the server\'s cross-encoder' },
];

export async function render(root, params, query) {
  const collections = (await get('/api/collections')).data;
  const target = h('select', { name: 'collection', required: true },
    collections.map((c) => h('option', { value: c.id }, c.id)));
  const wanted = params[0] || query.get('collection');
  // a collection not listed is still searched: the server says why it cannot be
  if (wanted && !collections.some((c) => c.id === wanted)) target.append(h('option', { value: wanted }, wanted));
  if (wanted) target.value = wanted;
  const q = h('input', { type: 'search', name: 'query', required: true, placeholder: 'What are you looking for?', value: query.get('q') || '' });
  const k = h('input', { type: 'number', name: 'k', min: 1, max: 100, value: query.get('k') || 5 });
  const results = h('div', { class: 'cols search-cols', 'aria-live': 'polite' });
  const form = h('form', { class: 'card search-form', on: { submit: (e) => { e.preventDefault(); run(); } } },
    h('h1', null, 'Search playground'),
    collections.length ? null : h('p', { class: 'muted' }, 'No collection yet: create one under ', h('a', { href: '#/collections' }, 'Collections'), '.'),
    h('div', { class: 'row' }, field('Collection', target), field('Query', q), field('Hits per column', k),
      h('button', { type: 'submit', class: 'primary' }, 'Search')));
  replace(root, form, results);

  async function run() {
    const c = target.value;
    const text = q.value.trim();
    if (!c || !text) return;
    const n = Math.max(1, Math.min(100, Number(k.value) || 5));
    replaceRoute('#/search/' + enc(c) + '?q=' + enc(text) + '&k=' + n);
    const cols = COLUMNS.map((col) => ({ col, el: h('section', { class: 'card search-col', dataset: { mode: col.id }, 'aria-busy': 'true' },
      h('h2', null, col.title), h('p', { class: 'muted' }, 'Searching…')) }));
    replace(results, cols.map((x) => x.el));
    const answers = await Promise.all(cols.map(({ col }) =>
      post('/api/collections/' + enc(c) + '/search', Object.assign({ query: text, k: n }, col.body)).catch((e) => e)));
    // where each chunk ranks in every column, to compare the orders at a glance
    const ranks = new Map();
    answers.forEach((a, i) => {
      if (a instanceof Error || (COLUMNS[i].id === 'reranked' && !a.reranked)) return;
      for (const hit of a.data) {
        const key = hit.document_id + '#' + hit.chunk;
        if (!ranks.has(key)) ranks.set(key, {});
        ranks.get(key)[COLUMNS[i].id] = hit.rank;
      }
    });
    cols.forEach(({ col, el }, i) => {
      el.removeAttribute('aria-busy');
      replace(el, column(col, answers[i], ranks));
    });
  }

  if (q.value && target.value) await run();
  else q.focus();
}

function column(col, a, ranks) {
  const head = h('h2', null, col.title);
  if (a instanceof Error) return [head, errorBox(a)];
  if (col.id === 'reranked' && !a.reranked) {
    return [head, h('p', { class: 'muted no-reranker', role: 'note' },
      'No reranker is configured on this server. Start it with grounded serve --reranker DIR (a cross-encoder exported to ONNX) to see the fused hits reranked here.')];
  }
  const about = col.id === 'reranked' ? col.about + ', the top ' + a.rerank_depth : col.about;
  if (!a.data.length) return [head, h('p', { class: 'muted' }, about), h('p', { class: 'muted' }, 'No hits.')];
  return [head, h('p', { class: 'muted' }, about),
    h('ol', { class: 'hits' }, a.data.map((hit) => {
      const others = ranks.get(hit.document_id + '#' + hit.chunk) || {};
      const elsewhere = COLUMNS.filter((c) => c.id !== col.id && c.id in others).map((c) => c.title + ' #' + others[c.id]);
      return h('li', { class: 'hit', value: hit.rank, dataset: { doc: hit.document_id, chunk: hit.chunk } },
        h('div', { class: 'hit-head' },
          h('span', { class: 'rank' }, '#' + hit.rank),
          h('span', { class: 'score', title: 'score' }, fmtNumber(hit.score, 4)),
          h('span', { class: 'hit-source' }, hit.source + (hit.location && hit.location.display ? ' · ' + hit.location.display : ''))),
        h('p', { class: 'hit-text' }, hit.text),
        h('small', { class: 'muted' }, elsewhere.length ? 'also ' + elsewhere.join(', ') : 'only here'));
    }))];
}
