// Audit and provenance: the tenant's audit records with the API's filters; the whole chain
// verified from the page (naming the first bad record when it fails); an answer's signed provenance
// record opened from its audit record, pasted or uploaded, and verified, with exactly the fields
// that changed.
import { get, post, enc } from './api.js';
import { h, replace, field, table, errorBox, fmtNumber, fmtMoney } from './dom.js';

const FILTERS = [
  ['since', 'Since', 'text', '24h or 2026-12-01'],
  ['until', 'Until', 'text', '1h or 2026-12-07'],
  ['user', 'User', 'text', 'alice@example.com'],
  ['request_id', 'Request id', 'text', ''],
  ['document', 'Cited document', 'text', 'collection/document_id'],
];

export async function render(root, params, query) {
  if (params[0] === 'provenance') return renderProvenance(root, params[1] || '');
  const chain = h('div', { class: 'chain-result', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'primary verify-chain', on: { click: verifyChain } }, 'Verify chain');
  const inputs = {};
  for (const [name, , type, placeholder] of FILTERS)
    inputs[name] = h('input', { type, name, placeholder, value: query.get(name) || '' });
  inputs.kind = h('select', { name: 'kind' }, ['', 'ask', 'chat', 'deletion'].map((k) => h('option', { value: k }, k || 'any')));
  inputs.kind.value = query.get('kind') || '';
  const filters = h('form', { class: 'card audit-filters', on: { submit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [name, el] of Object.entries(inputs)) if (el.value.trim()) q.set(name, el.value.trim());
    location.hash = '#/audit' + (q.toString() ? '?' + q : '');
  } } },
  h('h2', null, 'Filter'),
  h('div', { class: 'row' }, field('Kind', inputs.kind), FILTERS.map(([name, label]) => field(label, inputs[name]))),
  h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Apply'),
    h('a', { href: '#/audit' }, 'Clear')));
  const list = h('div', { class: 'audit-list' });
  let firstBad = null;

  replace(root,
    h('h1', null, 'Audit'),
    h('section', { class: 'card' }, h('h2', null, 'Chain'),
      h('p', { class: 'muted' }, 'Every model call and grounded answer is one hash-chained record; verifying re-reads the whole chain and its signed checkpoints.'),
      h('div', { class: 'row' }, verifyButton, h('a', { href: '#/audit/provenance' }, 'Verify a provenance record…')), chain),
    filters, list);
  await load();
  if (query.get('verify')) await verifyChain();

  async function load() {
    const q = new URLSearchParams();
    for (const k of ['since', 'until', 'kind', 'user', 'request_id', 'document', 'after'])
      if (query.get(k)) q.set(k, query.get(k));
    q.set('limit', query.get('limit') || '50');
    try {
      const r = await get('/api/audit?' + q);
      const rows = r.data.map(row);
      replace(list, r.data.length
        ? table(['Seq', 'At', 'Kind', 'User', 'Route · model', 'Sources', 'Tokens', 'Cost', 'Outcome', 'Request', ''], rows, 'Oldest first')
        : h('p', { class: 'muted' }, 'No audit records' + (q.toString() !== 'limit=50' ? ' match these filters.' : ' yet.')),
      r.has_more ? h('p', null, h('a', { href: nextPage(r.last_seq), class: 'next-page' }, 'Next page')) : null);
      list.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.seq = r.data[i].seq; });
      mark();
    } catch (e) { replace(list, errorBox(e)); }
  }

  function nextPage(after) {
    const q = new URLSearchParams(query);
    q.set('after', after);
    return '#/audit?' + q;
  }

  function row(line) {
    const r = line.record;
    const sources = r.sources || [];
    const details = h('details', null, h('summary', null, 'Record'),
      h('pre', null, JSON.stringify(line, null, 2)));
    return [
      h('span', { class: 'seq' }, String(line.seq)),
      r.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      h('span', { class: 'badge' }, r.kind),
      line.user_name || r.user || '',
      [r.route, r.model].filter(Boolean).join(' · '),
      sources.map((s, i) => [i ? ', ' : null, h('a', { href: '#/audit?document=' + enc(s.collection + '/' + s.document_id),
        class: 'source-link', title: 'Every answer that cited it' }, s.collection + '/' + s.document_id + ' v' + s.version)]),
      fmtNumber(r.tokens_in) + ' / ' + fmtNumber(r.tokens_out),
      fmtMoney(r.cost_micros / 1e6),
      r.outcome + (r.findings && r.findings.length ? ' (' + r.findings.join(', ') + ')' : ''),
      h('a', { href: '#/audit?request_id=' + enc(r.request_id), class: 'request-id' }, h('code', null, r.request_id)),
      [r.kind === 'ask' ? h('a', { href: '#/audit/provenance/' + enc('prov_' + r.request_id), class: 'provenance-link',
        'aria-label': 'Provenance of ' + r.request_id }, 'Provenance') : null, details],
    ];
  }

  async function verifyChain() {
    verifyButton.disabled = true;
    replace(chain, h('p', { class: 'muted' }, 'Verifying…'));
    try {
      const v = await post('/api/audit/verify');
      firstBad = v.ok ? null : v.first_bad;
      replace(chain, v.ok
        ? h('p', { class: 'ok', role: 'status' }, h('strong', null, 'Chain valid: '),
          plural(v.records, 'record') + ', ' + plural(v.checkpoints, 'signed checkpoint') + ', covered through record ' + v.covered_through + '.')
        : h('div', { class: 'error', role: 'alert' },
          h('p', null, h('strong', null, 'Chain broken at record ', h('span', { class: 'first-bad' }, String(v.first_bad))), ': ', v.problem),
          h('p', { class: 'muted' }, plural(v.records, 'record') + ' and ' + plural(v.checkpoints, 'signed checkpoint') +
            ' verified before it. Every record from ' + v.first_bad + ' on is unproven; records of other tenants are not listed here. ',
          h('a', { href: '#/audit?after=' + (v.first_bad - 1) + '&verify=1', class: 'from-first-bad' }, 'Your records from ' + v.first_bad + ' on'))));
      mark();
    } catch (e) {
      replace(chain, errorBox(e));
    } finally {
      verifyButton.disabled = false;
    }
  }

  function mark() {
    list.querySelectorAll('tr.bad').forEach((tr) => tr.classList.remove('bad'));
    list.querySelectorAll('.first-bad-badge').forEach((b) => b.remove());
    if (firstBad == null) return;
    const tr = list.querySelector('tr[data-seq="' + firstBad + '"]');
    if (tr) {
      tr.classList.add('bad');
      tr.querySelector('td').append(h('span', { class: 'badge bad first-bad-badge' }, 'first bad record'));
    }
  }
}

async function renderProvenance(root, id) {
  const text = h('textarea', { name: 'provenance', rows: 12, spellcheck: 'false',
    placeholder: '{"object": "provenance", …} or a whole answer carrying one in "provenance"' });
  const file = h('input', { type: 'file', accept: '.json,application/json', id: 'provenance-file', class: 'file-input' });
  const result = h('div', { class: 'provenance-result', 'aria-live': 'polite' });
  const summary = h('div');
  const verifyButton = h('button', { type: 'submit', class: 'primary' }, 'Verify');
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    file.value = '';
    await verify();
  });
  replace(root,
    h('p', null, h('a', { href: '#/audit' }, '← Audit')),
    h('h1', null, 'Provenance', id ? [' ', h('code', null, id)] : null),
    h('p', { class: 'muted' }, 'A grounded answer carries a provenance record signed by this server: the question and answer as hashes, the cited documents with their versions and content hashes. Verifying checks the signature, compares the record with the copy the audit log kept (naming every field that differs), and checks that each cited document is still the version the answer used.'),
    summary,
    h('form', { class: 'card', on: { submit: (e) => { e.preventDefault(); verify(); } } },
      field('Provenance record (JSON)', text),
      h('div', { class: 'row' }, verifyButton,
        h('span', null, 'or ', h('label', { for: 'provenance-file', class: 'link' }, 'upload a JSON file'), file))),
    result);

  if (id) {
    try {
      const record = await get('/api/provenance/' + enc(id));
      text.value = JSON.stringify(record, null, 2);
      replace(summary, describe(record));
    } catch (e) {
      replace(summary, errorBox(e));
    }
  }

  async function verify() {
    let body;
    try {
      body = JSON.parse(text.value);
    } catch (e) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Not JSON: ' + e.message));
      return;
    }
    verifyButton.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Verifying…'));
    try {
      const v = await post('/api/provenance/verify', body);
      const changes = v.changes || [];
      replace(result, h('section', { class: 'card ' + (v.verified ? 'verified' : 'not-verified') },
        h('h2', null, v.verified ? h('span', { class: 'ok' }, '✓ Verified') : h('span', { class: 'error' }, '✗ Not verified'), ' ', h('code', null, v.id)),
        h('p', null, 'Signature: ', v.signature_valid ? h('span', { class: 'ok' }, 'valid (as signed by this server)')
          : h('span', { class: 'error' }, 'does not match the record')),
        changes.length ? [h('h3', null, 'What changed'), h('ul', { class: 'changes' }, changes.map(change))]
          : h('p', { class: 'muted' }, 'No field differs from the record as signed, and every cited document is still the version the answer used.')));
    } catch (e) {
      replace(result, errorBox(e));
    } finally {
      verifyButton.disabled = false;
    }
  }
}

/** One change: a field of the record (a JSON pointer) with was and now, or a cited document's news. */
function change(line) {
  const m = /^(\/\S*) (changed: |was added: |was removed )(.*)$/.exec(line);
  if (!m) return h('li', null, line);
  return h('li', { dataset: { field: m[1] } }, h('code', { class: 'field-name' }, m[1]), ' ', m[2].replace(/: $/, ':'), ' ', m[3]);
}

function describe(p) {
  const sources = p.sources || [];
  return h('section', { class: 'card provenance-summary' },
    h('h2', null, 'Answer ', h('code', null, p.request_id)),
    h('p', { class: 'muted' }, [p.created, 'collection ' + p.collection, p.model ? 'model ' + p.model : null,
      p.prompt ? 'prompt ' + p.prompt : null, p.abstained ? 'abstained' : null].filter(Boolean).join(' · ')),
    sources.length ? table(['n', 'Document', 'Version', 'Chunk', 'Content hash'], sources.map((s) => [
      String(s.n), s.source || s.document_id, String(s.version), String(s.chunk), h('code', null, (s.content_hash || '').slice(0, 16) + '…')]),
    'Cited sources') : h('p', { class: 'muted' }, 'No sources cited.'),
    h('p', null, h('a', { href: '#/audit?request_id=' + enc(p.request_id) }, 'Its audit record')));
}

function plural(n, word) {
  return fmtNumber(n) + ' ' + word + (n === 1 ? '' : 's');
}
