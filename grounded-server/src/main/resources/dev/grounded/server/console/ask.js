// Ask: a chat over a collection (cited answers, streamed) or over any gateway model. Every [n]
// marker opens its source at the cited passage; abstentions and withheld sources are shown as
// such; each answer takes a rating and a comment for the feedback API.
import { get, post, events, enc, requestId } from './api.js';
import { h, replace, append, field, errorBox, toast } from './dom.js';

export async function render(root, params, query) {
  const [collections, models] = await Promise.all([
    get('/api/collections').then((r) => r.data).catch(() => []),
    get('/v1/models').then((r) => r.data).catch(() => []),
  ]);
  const target = h('select', { name: 'target' },
    collections.length ? h('optgroup', { label: 'Collections (cited answers)' },
      collections.map((c) => h('option', { value: 'c:' + c.id }, c.id))) : null,
    models.length ? h('optgroup', { label: 'Gateway models' },
      models.filter((m) => !m.id.startsWith('rag:')).map((m) => h('option', { value: 'm:' + m.id }, m.id))) : null);
  const wanted = params[0] || query.get('collection');
  if (wanted) target.value = 'c:' + wanted;
  const question = h('textarea', { name: 'question', rows: 3, placeholder: 'Ask a question…', required: true });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Ask');
  const thread = h('div', { class: 'thread', 'aria-live': 'polite' });
  const source = h('aside', { class: 'card source', 'aria-label': 'Source' },
    h('p', { class: 'muted' }, 'Select a citation marker to open its source at the cited passage.'));
  let controller = null;

  const form = h('form', { class: 'card ask-form', on: { submit: (e) => { e.preventDefault(); ask(); } } },
    h('h1', null, 'Ask'),
    collections.length || models.length ? null
      : h('p', { class: 'muted' }, 'No collection yet: create one under ', h('a', { href: '#/collections' }, 'Collections'), '.'),
    h('div', { class: 'row' }, field('Collection or model', target)),
    field('Question', question),
    h('div', { class: 'row' }, send));
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); ask(); }
  });
  replace(root, h('div', { class: 'ask-layout' }, h('div', null, form, thread), source));

  async function ask() {
    const q = question.value.trim();
    if (!q || !target.value) return;
    if (controller) controller.abort();
    controller = new AbortController();
    const id = requestId();
    const turn = new Turn(q, id, target.value, source);
    thread.prepend(turn.el);
    send.disabled = true;
    try {
      if (target.value.startsWith('c:')) {
        const c = target.value.slice(2);
        for await (const ev of events('/api/collections/' + enc(c) + '/ask', { question: q, stream: true },
          { 'X-Request-Id': id }, controller.signal)) {
          if (ev.event === 'delta') turn.delta(JSON.parse(ev.data).text);
          else if (ev.event === 'citations') turn.grounding(c, JSON.parse(ev.data));
          else if (ev.event === 'json') { turn.delta(ev.data.answer); turn.grounding(c, ev.data); }
        }
      } else {
        const model = target.value.slice(2);
        for await (const ev of events('/v1/chat/completions',
          { model, stream: true, messages: [{ role: 'user', content: q }] }, { 'X-Request-Id': id }, controller.signal)) {
          if (ev.data === '[DONE]') break;
          const chunk = ev.event === 'json' ? ev.data : JSON.parse(ev.data);
          const choice = chunk.choices && chunk.choices[0];
          if (choice && choice.delta && choice.delta.content) turn.delta(choice.delta.content);
          if (choice && choice.message) turn.delta(choice.message.content || '');
        }
      }
      turn.finish();
    } catch (e) {
      if (e.name !== 'AbortError') turn.fail(e);
    } finally {
      send.disabled = false;
    }
  }
  question.focus();
  return () => { if (controller) controller.abort(); };
}

/** One question and its answer, rendered as text nodes; markers become buttons. */
class Turn {
  constructor(question, id, target, sourcePane) {
    this.question = question;
    this.id = id;
    this.target = target;
    this.pane = sourcePane;
    this.text = '';
    this.citations = [];
    this.body = h('div', { class: 'answer' });
    this.extra = h('div');
    this.el = h('article', { class: 'card turn', dataset: { requestId: id } },
      h('p', null, h('strong', null, 'Q: '), question), this.body, this.extra);
  }

  delta(text) {
    this.text += text || '';
    replace(this.body, this.text);
  }

  grounding(collection, g) {
    this.collection = collection;
    this.citations = g.citations || [];
    this.abstained = !!g.abstained;
    replace(this.body, this.marked());
    const parts = [];
    if (g.abstained) parts.push(h('p', { class: 'abstained', role: 'note' },
      'Abstained: no passage of the collection supports an answer well enough.'));
    if (this.citations.length) {
      parts.push(h('h2', null, 'Sources'), h('ol', { class: 'sources' }, this.citations.map((c) =>
        h('li', { value: c.n }, this.citeButton(c, c.source + (c.location && c.location.display ? ' · ' + c.location.display : '')),
          h('blockquote', { class: 'muted' }, c.quote)))));
    }
    if (g.withheld && g.withheld.length) {
      parts.push(h('div', { class: 'withheld', role: 'note' }, h('strong', null, 'Withheld sources'),
        h('ul', null, g.withheld.map((w) => h('li', null, (w.document || w.document_id || '') + ' (chunk ' + w.chunk + '): ' +
          (w.reasons || []).map((r) => (typeof r === 'string' ? r : r.detector || r.reason || JSON.stringify(r))).join(', '))))));
    }
    if (g.stale_sources && g.stale_sources.length) {
      parts.push(h('p', { class: 'warn', role: 'note' }, 'Stale sources: ',
        g.stale_sources.map((s) => s.document + ' (' + s.age_days + ' days old; limit ' + s.freshness_days + ')').join('; ')));
    }
    replace(this.extra, parts);
  }

  marked() {
    const byN = new Map(this.citations.map((c) => [c.n, c]));
    const out = [];
    let last = 0;
    const re = /\[(\d+)\]/g;
    let m;
    while ((m = re.exec(this.text))) {
      const c = byN.get(Number(m[1]));
      if (!c) continue;
      out.push(this.text.slice(last, m.index), this.citeButton(c, '[' + c.n + ']'));
      last = m.index + m[0].length;
    }
    out.push(this.text.slice(last));
    return out;
  }

  citeButton(c, label) {
    return h('button', { type: 'button', class: 'cite', 'aria-label': 'Source ' + c.n + ': ' + c.source,
      dataset: { n: c.n }, on: { click: (e) => this.open(c, e.currentTarget) } }, label);
  }

  async open(c, button) {
    document.querySelectorAll('.cite.active').forEach((b) => b.classList.remove('active'));
    button.classList.add('active');
    replace(this.pane, h('p', { class: 'muted' }, 'Opening ' + c.source + '…'));
    try {
      const doc = await get('/api/collections/' + enc(this.collection) + '/documents/' + enc(c.document_id) + '/chunks');
      let cited = null;
      const chunks = doc.data.map((k) => {
        const isCited = k.chunk === c.chunk;
        const loc = k.location && k.location.display ? h('span', { class: 'loc' }, k.location.display) : null;
        const body = isCited
          ? [k.text.slice(0, c.quote_start), h('mark', { class: 'cited-passage' }, k.text.slice(c.quote_start, c.quote_end)), k.text.slice(c.quote_end)]
          : [k.text];
        const el = h('div', { class: 'chunk' + (isCited ? ' cited' : ''), dataset: { chunk: k.chunk } }, loc, body);
        if (isCited) cited = el;
        return el;
      });
      const d = doc.document;
      replace(this.pane,
        h('h2', null, '[' + c.n + '] ', d.title || d.source),
        h('p', { class: 'muted' }, d.source + ' · version ' + d.version + (c.location && c.location.display ? ' · ' + c.location.display : '')),
        h('div', { class: 'source-doc', tabindex: 0, 'aria-label': 'Document text' }, chunks));
      if (cited) cited.scrollIntoView({ block: 'center' });
    } catch (e) {
      replace(this.pane, errorBox(e));
    }
  }

  finish() {
    if (!this.citations.length && this.target.startsWith('c:') && !this.abstained) replace(this.body, this.text);
    const comment = h('input', { type: 'text', placeholder: 'Comment (optional)', 'aria-label': 'Comment' });
    const up = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Good answer' }, 'Good');
    const down = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Bad answer' }, 'Bad');
    const rate = async (rating, button) => {
      try {
        await post('/api/feedback', { request_id: this.id, rating, comment: comment.value.trim() || undefined,
          question: this.question, answer: this.text });
        up.setAttribute('aria-pressed', String(button === up));
        down.setAttribute('aria-pressed', String(button === down));
        toast('Thanks: feedback recorded for ' + this.id);
      } catch (e) {
        toast(e.message, 'error');
      }
    };
    up.addEventListener('click', () => rate(1, up));
    down.addEventListener('click', () => rate(-1, down));
    append(this.extra, h('div', { class: 'feedback' }, h('span', { class: 'muted' }, 'Rate this answer:'), up, down, comment));
  }

  fail(e) {
    append(this.extra, errorBox(e));
  }
}
