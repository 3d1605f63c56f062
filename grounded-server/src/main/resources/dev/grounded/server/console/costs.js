// Costs and usage of the tenant's gateway calls: spend, tokens and calls per day by model, key,
// user or tenant (charts from GET /api/costs/series, numbers from GET /api/costs), the cache's hit
// rate, budget use against the limits (GET /api/budgets) and the unit-economics projection.
import { get, enc } from './api.js';
import { h, replace, field, table, errorBox, fmtNumber, fmtMoney } from './dom.js';
import { barChart, lineChart } from './chart.js';

/** Small amounts keep two significant digits ($0.00013), so an axis of cents' fractions reads. */
const usd = (v) => '$' + (v === 0 ? '0' : v < 0.01 ? Number(v.toPrecision(2)).toString() : fmtNumber(v, 2));
const count = (v) => fmtNumber(v, Number.isInteger(v) ? 0 : 1);
const MEASURES = {
  cost: { label: 'Spend (USD)', of: (r) => r.cost_micros / 1e6, fmt: usd },
  tokens: { label: 'Tokens (in + out)', of: (r) => r.tokens_in + r.tokens_out, fmt: count },
  calls: { label: 'Calls', of: (r) => r.calls, fmt: count },
};
const MAX_GROUPS = 7;
/** A group's name; calls the cache answered have no model. */
const groupName = (g) => (g === '' ? '(cache hit)' : g);

export async function render(root, params, query) {
  const since = h('select', { name: 'since' }, [['7d', 'Last 7 days'], ['30d', 'Last 30 days'], ['90d', 'Last 90 days'], ['', 'All time']]
    .map(([v, l]) => h('option', { value: v }, l)));
  since.value = query.get('since') ?? '30d';
  const by = h('select', { name: 'by' }, ['model', 'key', 'user', 'tenant'].map((v) => h('option', { value: v }, v)));
  by.value = query.get('by') || 'model';
  const measure = h('select', { name: 'measure' }, Object.entries(MEASURES).map(([v, m]) => h('option', { value: v }, m.label)));
  const users = h('input', { type: 'number', name: 'users', min: 0, placeholder: 'users seen' });
  const period = h('select', { name: 'period' }, ['7d', '30d', '90d', '365d'].map((v) => h('option', { value: v }, v)));
  period.value = '30d';
  const body = h('div', { class: 'costs-body' }, h('p', { class: 'muted' }, 'Loading…'));
  for (const c of [since, by, measure, period]) c.addEventListener('change', load);
  users.addEventListener('change', load);
  replace(root, h('h1', null, 'Costs and usage'),
    h('form', { class: 'card row controls', on: { submit: (e) => { e.preventDefault(); load(); } } },
      field('Window', since), field('Group by', by), field('Chart', measure),
      field('Project for users', users), field('Projection period', period)),
    body);
  await load();

  async function load() {
    const s = since.value ? '&since=' + enc(since.value) : '';
    const proj = (users.value !== '' ? '&users=' + enc(users.value) : '') + '&period=' + enc(period.value);
    try {
      const [series, report, cache, budgets] = await Promise.all([
        get('/api/costs/series?by=' + enc(by.value) + s),
        get('/api/costs?by=' + enc(by.value) + s + proj),
        get('/api/cache').catch(() => null),
        get('/api/budgets').catch(() => null),
      ]);
      replace(body, summary(report, cache), charts(series, report), groups(report), budgetView(budgets), economics(report));
    } catch (e) {
      replace(body, errorBox(e));
    }
  }

  function charts(series, report) {
    const m = MEASURES[measure.value];
    const days = dayRange(series, report);
    if (!series.rows.length) return h('section', { class: 'card' }, h('h2', null, 'Over time'),
      h('p', { class: 'muted empty' }, 'No gateway calls in this window.'));
    // the biggest groups by spend get their own series; the rest are "other"
    const totals = new Map();
    for (const r of series.rows) totals.set(r.group, (totals.get(r.group) || 0) + r.cost_micros + r.calls * 1e-6);
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    const named = ranked.slice(0, MAX_GROUPS);
    const other = ranked.length > MAX_GROUPS;
    const index = new Map(days.map((d, i) => [d, i]));
    const values = new Map([...named, ...(other ? ['other'] : [])].map((g) => [g, days.map(() => 0)]));
    const tin = days.map(() => 0);
    const tout = days.map(() => 0);
    for (const r of series.rows) {
      const i = index.get(r.day);
      if (i == null) continue;
      const g = named.includes(r.group) ? r.group : 'other';
      values.get(g)[i] += m.of(r);
      tin[i] += r.tokens_in;
      tout[i] += r.tokens_out;
    }
    const labels = days.map((d) => d.slice(5));
    return h('section', { class: 'card over-time' }, h('h2', null, 'Over time'),
      h('div', { class: 'cols' },
        h('div', { class: 'spend-chart' }, barChart({ title: m.label + ' per day by ' + by.value, labels, stacked: true,
          series: [...values.entries()].map(([name, v]) => ({ name: groupName(name), values: v })), format: m.fmt, labelHead: 'day (UTC)' })),
        h('div', { class: 'tokens-chart' }, lineChart({ title: 'Tokens per day', labels, format: count,
          series: [{ name: 'tokens in', values: tin }, { name: 'tokens out', values: tout }], labelHead: 'day (UTC)' }))));
  }
}

/** Every UTC day of the window (since its first call when the window is all time), oldest first. */
function dayRange(series, report) {
  const until = new Date(report.until);
  let from = new Date(series.since);
  if (from.getUTCFullYear() < 2000) from = series.rows.length ? new Date(series.rows[0].day + 'T00:00:00Z') : until;
  const days = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (d <= until && days.length < 400) {
    days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days;
}

function summary(report, cache) {
  const rows = report.rows;
  const sum = (f) => rows.reduce((a, r) => a + r[f], 0);
  const calls = sum('calls');
  const cached = sum('cached_calls');
  const stat = (label, value, cls) => h('div', { class: 'card ' + (cls || '') }, h('div', { class: 'muted' }, label), h('div', { class: 'stat' }, value));
  let hitRate = '–';
  let hitNote = 'cache off';
  if (cache && cache.enabled) {
    const hits = cache.hits + cache.semantic_hits;
    const looked = hits + cache.misses;
    hitRate = looked ? fmtNumber((100 * hits) / looked, 1) + '%' : '–';
    hitNote = fmtNumber(hits) + ' hits (' + fmtNumber(cache.semantic_hits) + ' semantic), ' + fmtNumber(cache.misses) + ' misses since the server started, every tenant';
  }
  return h('div', { class: 'grid3 summary' },
    stat('Spend', usd(report.total.cost_micros / 1e6), 'total-spend'),
    stat('Calls', fmtNumber(calls) + (sum('failed_calls') ? ' (' + fmtNumber(sum('failed_calls')) + ' failed)' : ''), 'total-calls'),
    stat('Tokens in / out', fmtNumber(sum('tokens_in')) + ' / ' + fmtNumber(sum('tokens_out'))),
    h('div', { class: 'card cache' }, h('div', { class: 'muted' }, 'Cache hit rate'), h('div', { class: 'stat' }, hitRate),
      h('small', { class: 'muted' }, hitNote), h('br'),
      h('small', { class: 'muted' }, 'This tenant: ' + fmtNumber(cached) + ' of ' + fmtNumber(calls) + ' calls answered from the cache')));
}

function groups(report) {
  return h('section', { class: 'card by-group' }, h('h2', null, 'By ' + report.by),
    report.rows.length ? table(['Group', 'Calls', 'Failed', 'Cached', 'Tokens in', 'Tokens out', 'Cost'],
      report.rows.map((r) => [h('code', null, groupName(r.group)), fmtNumber(r.calls), fmtNumber(r.failed_calls), fmtNumber(r.cached_calls),
        fmtNumber(r.tokens_in), fmtNumber(r.tokens_out), h('span', { class: 'cost' }, '$' + r.cost_usd)]),
    'Since ' + report.since.slice(0, 10) + '; total $' + report.total.cost_usd)
      : h('p', { class: 'muted empty' }, 'No gateway calls in this window.'));
}

function budgetView(b) {
  const section = h('section', { class: 'card budgets' }, h('h2', null, 'Budgets and limits'));
  if (!b) return section;
  if (!b.data.length) {
    section.append(h('p', { class: 'muted empty' }, b.enforced
      ? 'No limits are set for this tenant, its keys or users (grounded keys create --budget-usd-day …, grounded limits set).'
      : 'This server applies no limits.'));
    return section;
  }
  for (const r of b.data) {
    const l = r.limits;
    const u = r.used;
    const line = (label, used, limit) => {
      const usedN = Number(used);
      if (limit == null) return h('div', { class: 'budget' }, h('span', null, label), h('span', { class: 'muted' }, 'no limit'), h('span', null, fmtMoney(usedN) + ' used'));
      const lim = Number(limit);
      const pct = lim > 0 ? (100 * usedN) / lim : 100;
      return h('div', { class: 'budget', dataset: { scope: r.scope, period: label } }, h('span', null, label),
        h('meter', { min: 0, max: lim || 1, low: lim * 0.7, high: lim * 0.9, optimum: 0, value: Math.min(usedN, lim || 1),
          'aria-label': label + ' budget of ' + r.scope + ': ' + fmtMoney(usedN) + ' of ' + fmtMoney(lim) }),
        h('span', { class: 'budget-text' }, fmtMoney(usedN) + ' of ' + fmtMoney(lim) + ' (' + fmtNumber(pct, pct < 1 ? 2 : 1) + '%)'));
    };
    const rates = [l.rpm != null ? fmtNumber(u.requests_last_minute) + ' / ' + fmtNumber(l.rpm) + ' requests a minute' : null,
      l.tpm != null ? fmtNumber(u.tokens_last_minute) + ' / ' + fmtNumber(l.tpm) + ' tokens a minute' : null].filter(Boolean);
    section.append(h('div', { class: 'scope' },
      h('h3', null, r.kind + ' ', h('code', null, r.id), r.name ? ' (' + r.name + ')' : ''),
      line('Today', Number(u.usd_today) + Number(u.usd_reserved_today), l.budget_usd_day),
      line('This month', Number(u.usd_month) + Number(u.usd_reserved_month), l.budget_usd_month),
      rates.length ? h('p', { class: 'muted' }, 'Rate limits: ' + rates.join('; ')) : null));
  }
  return section;
}

function economics(report) {
  const ue = report.unit_economics;
  const p = ue.projection;
  return h('section', { class: 'card economics' }, h('h2', null, 'Unit economics'),
    table(['', ''], [
      ['Calls in the window', fmtNumber(ue.calls)],
      ['Users seen', fmtNumber(ue.users)],
      ['Cost per call', '$' + ue.cost_per_call_usd],
      ['Calls per user', fmtNumber(ue.calls_per_user, 2)],
      ['Projection', p.cost_usd == null ? p.note
        : h('strong', { class: 'projection' }, '$' + p.cost_usd + ' for ' + fmtNumber(p.users) + ' users over ' + fmtNumber(p.period_days) + ' days')],
    ]),
    h('p', { class: 'muted' }, 'Cost per call × calls per user × users, scaled to the period; the same figures as grounded costs.'));
}
