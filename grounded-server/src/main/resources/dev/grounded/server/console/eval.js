// Evaluation: the tenant's answer-evaluation reports (evaluation jobs), starting one from a QA set
// (pasted or uploaded JSONL) and watching it; a report with its metrics and 95% intervals,
// histograms of the per-item scores and the worst items with their answers and citations; and the
// gate comparison of two reports (POST /api/eval/gate) as a diff table.
import { get, post, del, enc, followJob, JOB_DONE as DONE } from './api.js';
import { h, replace, append, field, table, errorBox, toast, fmtTime, fmtNumber, replaceRoute } from './dom.js';
import { histogram, intervalChart } from './chart.js';

const HEADLINE = ['f1', 'faithfulness', 'citation_precision', 'answer_rate'];

export async function render(root, params) {
  if (params[0] === 'gate') return renderGate(root, params[1], params[2]);
  if (params[0]) return renderReport(root, params[0]);
  return renderList(root);
}

function fmtScore(v) {
  return v == null || Number.isNaN(v) ? '–' : Number(v).toFixed(3);
}

function statusBadge(job) {
  const cls = job.status === 'succeeded' ? 'badge good' : DONE.includes(job.status) ? 'badge bad' : 'badge';
  return h('span', { class: cls + ' status' }, job.status);
}

function progressOf(job) {
  const p = job.progress || {};
  return h('span', null, h('progress', { max: p.total || 1, value: p.done || 0, 'aria-label': 'Progress of ' + job.id }),
    h('small', { class: 'muted' }, ' ' + fmtNumber(p.done || 0) + ' / ' + fmtNumber(p.total || 0)));
}

async function renderList(root) {
  let stopped = false;
  const list = h('div', { class: 'reports' });
  const compare = h('button', { type: 'button', class: 'primary compare', disabled: true }, 'Compare selected (gate)');
  const chosen = new Set();
  compare.addEventListener('click', () => {
    const [a, b] = [...chosen];
    location.hash = '#/eval/gate/' + enc(a) + '/' + enc(b);
  });
  const form = await startForm(() => refresh());
  replace(root, h('h1', null, 'Evaluation'),
    h('section', null, h('h2', null, 'Reports'), list, h('div', { class: 'row' }, compare)),
    form);
  await refresh();

  async function refresh() {
    let jobs;
    try {
      jobs = (await get('/api/jobs?kind=eval')).data;
    } catch (e) { replace(list, errorBox(e)); return; }
    // baseline first: the older of two chosen reports
    const order = new Map(jobs.map((j, i) => [j.id, i]));
    for (const id of [...chosen]) if (!order.has(id)) chosen.delete(id);
    const sync = () => {
      compare.disabled = chosen.size !== 2;
    };
    const rows = jobs.map((j) => {
      const m = (j.summary && j.summary.metrics) || {};
      const box = h('input', { type: 'checkbox', 'aria-label': 'Select ' + j.id + ' for comparison', disabled: j.status !== 'succeeded',
        checked: chosen.has(j.id), dataset: { job: j.id } });
      box.addEventListener('change', () => {
        if (box.checked) {
          chosen.add(j.id);
          if (chosen.size > 2) { const first = [...chosen][0]; chosen.delete(first); const other = list.querySelector('input[data-job="' + first + '"]'); if (other) other.checked = false; }
        } else chosen.delete(j.id);
        // keep the older one as the baseline
        const sorted = [...chosen].sort((a, b) => order.get(b) - order.get(a));
        chosen.clear();
        sorted.forEach((x) => chosen.add(x));
        sync();
      });
      return [box, h('a', { href: '#/eval/' + enc(j.id), class: 'report-link' }, j.id), j.collection,
        j.status === 'succeeded' ? statusBadge(j) : h('span', null, statusBadge(j), ' ', progressOf(j)),
        fmtNumber(j.progress ? j.progress.total : null), fmtTime(j.created_at),
        ...HEADLINE.map((k) => fmtScore(m[k]))];
    });
    replace(list, rows.length
      ? table(['', 'Report', 'Collection', 'Status', 'Items', 'Started', ...HEADLINE], rows, 'Answer evaluations of this tenant, newest first')
      : h('p', { class: 'muted empty' }, 'No evaluations yet: start one below.'));
    sync();
    if (!stopped && jobs.some((j) => !DONE.includes(j.status))) setTimeout(() => { if (!stopped) refresh(); }, 700);
  }

  return () => { stopped = true; };
}

/** The form that starts an evaluation job from a QA set. */
async function startForm(onStarted) {
  const collections = await get('/api/collections').then((r) => r.data).catch(() => []);
  const collection = h('select', { name: 'collection', required: true },
    collections.map((c) => h('option', { value: c.id }, c.id)));
  const qa = h('textarea', { name: 'qa', rows: 6, spellcheck: 'false', required: true,
    placeholder: '{"id": "q1", "question": "Within how many days are refunds issued?", "answers": ["14 days"]}' });
  const file = h('input', { type: 'file', name: 'qa-file', accept: '.jsonl,.json,application/json' });
  file.addEventListener('change', async () => {
    if (file.files[0]) qa.value = await file.files[0].text();
  });
  const k = h('input', { type: 'number', name: 'k', min: 1, max: 100, value: 5 });
  const status = h('div', { class: 'eval-status', 'aria-live': 'polite' });
  const start = h('button', { type: 'submit', class: 'primary' }, 'Start evaluation');
  const form = h('form', { class: 'card start-eval', on: { submit: async (e) => {
    e.preventDefault();
    let items;
    try {
      items = parseQa(qa.value);
    } catch (err) { replace(status, errorBox(err)); return; }
    start.disabled = true;
    try {
      const job = await post('/api/eval/answers', { collection: collection.value, async: true, k: Number(k.value) || 5, items });
      onStarted();
      await watch(job, status);
      onStarted();
    } catch (err) {
      replace(status, errorBox(err));
    } finally { start.disabled = false; }
  } } },
  h('h2', null, 'New evaluation'),
  collections.length ? null : h('p', { class: 'muted' }, 'No collection yet: create one under ', h('a', { href: '#/collections' }, 'Collections'), '.'),
  h('div', { class: 'row' }, field('Collection', collection), field('Passages per question (k)', k)),
  field('QA set (JSONL: id, question, answers, answerable)', qa, 'One JSON object per line, or a JSON array.'),
  field('…or upload a QA file', file),
  h('div', { class: 'row' }, start), status);
  return form;
}

export function parseQa(text) {
  const t = text.trim();
  if (!t) throw new Error('The QA set is empty.');
  if (t.startsWith('[')) return JSON.parse(t);
  return t.split(/\r?\n/).map((line, i) => [line.trim(), i]).filter(([l]) => l).map(([l, i]) => {
    try { return JSON.parse(l); } catch (e) { throw new Error('Line ' + (i + 1) + ' is not JSON: ' + e.message); }
  });
}

/** Follows a job until it ends, showing its progress in {@code box}, with a button to cancel it. */
async function watch(job, box) {
  const state = h('span', { class: 'state' });
  const cancel = h('button', { type: 'button', class: 'danger cancel', 'aria-label': 'Cancel evaluation ' + job.id }, 'Cancel');
  const show = () => {
    replace(state, statusBadge(job), ' ', progressOf(job));
    cancel.hidden = DONE.includes(job.status) || job.cancel_requested;
  };
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      job = await del('/api/jobs/' + enc(job.id));
      show();
    } catch (e) {
      toast(e.message, 'error');
      cancel.disabled = false;
    }
  });
  replace(box, h('p', { class: 'watch', dataset: { job: job.id } }, 'Evaluation ', h('a', { href: '#/eval/' + enc(job.id) }, job.id), ' ',
    state, ' ', cancel));
  job = await followJob(job, (j) => { job = j; show(); }, {
    stopped: () => !box.isConnected,
    onRetry: (e) => toast('Still following ' + job.id + ': ' + e.message, 'error'), // a busy server: ask again
  });
  if (!DONE.includes(job.status)) return job;
  if (job.status === 'succeeded') {
    append(box, h('p', null, h('a', { href: '#/eval/' + enc(job.id), class: 'open-report' }, 'Open the report')));
    toast('Evaluation ' + job.id + ' finished');
  } else append(box, errorBox(job.error ? job.error.message : 'Evaluation ' + job.status));
  return job;
}

async function renderReport(root, id) {
  let job = await get('/api/jobs/' + enc(id));
  if (job.kind !== 'eval') throw new Error(id + ' is not an evaluation job');
  const back = h('p', null, h('a', { href: '#/eval' }, '← Evaluation'));
  if (job.status !== 'succeeded') {
    const box = h('div');
    replace(root, back, h('h1', null, 'Evaluation ', h('code', null, id)), box);
    job = await watch(job, box);
    if (job.status !== 'succeeded' || !root.isConnected) return;
    job = await get('/api/jobs/' + enc(id));
  }
  const r = job.report;
  const lower = new Set(r.lower_is_better || []);
  const names = Object.keys(r.metrics);
  const ci = r.intervals || {};
  const metricRows = names.map((n) => [h('span', { class: 'metric' }, n), h('span', { class: 'num' }, fmtScore(r.metrics[n])),
    ci[n] ? '[' + fmtScore(ci[n].low) + ', ' + fmtScore(ci[n].high) + ']' : (n === 'bleu' ? 'corpus, 0–100' : '–'),
    ci[n] ? fmtNumber(ci[n].n) : '–', lower.has(n) ? 'lower' : 'higher']);
  const perItem = names.filter((n) => ci[n]);
  const intervals = intervalChart({ title: 'Means with 95% bootstrap intervals',
    rows: perItem.map((n) => ({ name: n, mean: r.metrics[n], low: ci[n].low, high: ci[n].high })) });

  const histMetric = h('select', { name: 'hist-metric', 'aria-label': 'Metric of the histograms' });
  const hists = h('div', { class: 'cols histograms' });
  const showHists = () => {
    const chosen = histMetric.value ? [histMetric.value] : perItem.filter((n) => ['f1', 'faithfulness', 'rouge_l', 'citation_precision'].includes(n));
    replace(hists, (chosen.length ? chosen : perItem.slice(0, 4)).map((n) => histogram({
      title: 'Per-item ' + n, values: r.items.map((it) => it.scores[n]).filter((v) => v != null) })));
  };
  append(histMetric, h('option', { value: '' }, 'headline metrics'), perItem.map((n) => h('option', { value: n }, n)));
  histMetric.addEventListener('change', showHists);
  showHists();

  const worstMetric = h('select', { name: 'worst-metric', 'aria-label': 'Rank the worst items by' },
    perItem.map((n) => h('option', { value: n }, n)));
  worstMetric.value = perItem.includes('f1') ? 'f1' : perItem[0];
  const worst = h('div', { class: 'worst' });
  const showWorst = () => {
    const m = worstMetric.value;
    const sign = lower.has(m) ? -1 : 1;
    const ranked = r.items.filter((it) => it.scores[m] != null || it.error)
      .sort((a, b) => sign * ((a.scores[m] ?? -Infinity) - (b.scores[m] ?? -Infinity))).slice(0, 10);
    replace(worst, ranked.length ? ranked.map((it) => itemView(it, m)) : h('p', { class: 'muted' }, 'No item has this score.'));
  };
  worstMetric.addEventListener('change', showWorst);
  showWorst();

  const d = r.dataset || {};
  replace(root, back,
    h('h1', null, 'Report ', h('code', null, id)),
    h('p', { class: 'muted' }, 'Collection ', h('strong', null, r.config.collection || job.collection), ' · dataset ', d.name, ' · ',
      fmtNumber(d.items) + ' items (' + fmtNumber(d.answerable) + ' answerable, ' + fmtNumber(d.unanswerable) + ' unanswerable, ' + fmtNumber(d.failed) + ' failed)',
      ' · k ' + r.config.k + ' · generator ' + r.config.generator + ' · finished ' + fmtTime(job.finished_at)),
    h('section', { class: 'card' }, h('h2', null, 'Metrics'),
      table(['Metric', 'Mean', '95% interval', 'Items', 'Better'], metricRows, 'Means over the items each metric applies to'), intervals),
    h('section', { class: 'card' }, h('h2', null, 'Per-item scores'), field('Histograms of', histMetric), hists),
    h('section', { class: 'card' }, h('h2', null, 'Worst items'), field('Ranked by', worstMetric), worst),
    h('p', null, h('a', { href: '#/eval/gate/' + enc(id) }, 'Compare with another report…')));
}

function itemView(it, metric) {
  const claims = it.claims || [];
  return h('article', { class: 'item', dataset: { item: it.id } },
    h('p', { class: 'q' }, it.question, ' ', h('small', { class: 'muted' }, it.id)),
    h('p', null, h('span', { class: 'badge bad' }, metric + ' ' + fmtScore(it.scores[metric])), ' ',
      it.answerable ? null : h('span', { class: 'badge' }, 'unanswerable'), ' ',
      it.abstained ? h('span', { class: 'badge' }, 'abstained') : null),
    it.error ? h('p', { class: 'error' }, 'Failed: ' + it.error) : null,
    h('p', null, h('strong', null, 'Answer: '), h('span', { class: 'answer-text' }, it.answer || '(none)')),
    it.gold && it.gold.length ? h('p', null, h('strong', null, 'Gold: '), it.gold.join(' | ')) : null,
    claims.length ? h('ul', { class: 'claims', 'aria-label': 'Claims and their citations' }, claims.map((c) =>
      h('li', { class: c.supported ? 'supported' : 'unsupported' }, c.text, ' ',
        h('small', { class: 'cited' }, c.cited && c.cited.length ? 'cites ' + c.cited.join(', ') : 'no citation'),
        ' ', h('small', { class: 'muted' }, c.supported ? 'supported' : 'unsupported')))) : null,
    it.retrieved && it.retrieved.length ? h('p', { class: 'muted' }, 'Retrieved: ' + it.retrieved.join(', ')) : null);
}

async function renderGate(root, baselineId, currentId) {
  const jobs = (await get('/api/jobs?kind=eval')).data.filter((j) => j.status === 'succeeded');
  const pick = (name, value) => {
    const sel = h('select', { name }, jobs.map((j) => h('option', { value: j.id },
      j.id + ' · ' + j.collection + ' · ' + fmtTime(j.created_at))));
    // an id from the address that is not among this tenant's reports is still asked for (and refused)
    if (value && !jobs.some((j) => j.id === value)) sel.append(h('option', { value }, value));
    if (value) sel.value = value;
    return sel;
  };
  const baseline = pick('baseline', baselineId || (jobs[1] && jobs[1].id));
  const current = pick('current', currentId || (jobs[0] && jobs[0].id));
  const maxDrop = h('input', { type: 'text', name: 'max_drop', placeholder: 'faithfulness=0.02,f1=5%' });
  const defaultDrop = h('input', { type: 'number', name: 'default_max_drop', step: 'any', min: 0, value: '0.02' });
  const out = h('div', { class: 'gate-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card gate-form', on: { submit: (e) => { e.preventDefault(); run(); } } },
    h('div', { class: 'row' }, field('Baseline', baseline), field('Current', current)),
    h('div', { class: 'row' }, field('Allowed drops (metric=abs or %)', maxDrop), field('Default allowed drop', defaultDrop)),
    h('button', { type: 'submit', class: 'primary' }, 'Compare'));
  replace(root, h('p', null, h('a', { href: '#/eval' }, '← Evaluation')), h('h1', null, 'Gate: compare two reports'),
    jobs.length < 2 ? h('p', { class: 'muted' }, 'Two finished evaluations are needed.') : null, form, out);
  if (baselineId && currentId) await run();

  async function run() {
    if (!baseline.value || !current.value) { replace(out, h('p', { class: 'muted' }, 'Choose two reports.')); return; }
    replace(out, h('p', { class: 'muted' }, 'Comparing…'));
    try {
      const [b, c] = await Promise.all([get('/api/jobs/' + enc(baseline.value)), get('/api/jobs/' + enc(current.value))]);
      const body = { baseline: b.report, current: c.report };
      if (maxDrop.value.trim()) body.max_drop = maxDrop.value.trim();
      if (defaultDrop.value !== '') body.default_max_drop = Number(defaultDrop.value);
      const g = await post('/api/eval/gate', body);
      const rows = g.rows.map((r) => {
        const tr = [h('span', { class: 'metric' }, r.metric), fmtScore(r.baseline), fmtScore(r.current),
          r.change == null ? '–' : (r.change > 0 ? '+' : '') + r.change.toFixed(4),
          r.allowed == null ? '–' : r.allowed.toFixed(4), (r.lower_is_better ? 'lower' : 'higher'),
          h('span', { class: 'badge ' + (r.status === 'pass' ? 'good' : r.status === 'not_gated' ? '' : 'bad') }, r.status)];
        return tr;
      });
      const t = table(['Metric', 'Baseline', 'Current', 'Change', 'Allowed drop', 'Better', 'Status'], rows,
        'Baseline ' + baseline.value + ' against current ' + current.value);
      // colour each row by whether the metric moved the good or the bad way
      t.querySelectorAll('tbody tr').forEach((tr, i) => {
        const r = g.rows[i];
        tr.classList.add('metric-row');
        if (r.change != null && r.change !== 0) tr.classList.add((r.change > 0) !== r.lower_is_better ? 'better' : 'worse');
        tr.dataset.status = r.status;
      });
      replace(out, h('p', { class: 'gate-verdict' }, h('span', { class: 'badge ' + (g.passed ? 'good' : 'bad') }, g.passed ? 'gate passed' : 'gate failed')), t);
      replaceRoute('#/eval/gate/' + enc(baseline.value) + '/' + enc(current.value));
    } catch (e) {
      replace(out, errorBox(e));
    }
  }
}
