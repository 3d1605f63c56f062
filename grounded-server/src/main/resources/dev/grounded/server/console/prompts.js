// Prompts and models: the tenant's versioned prompts and model aliases, each with its versions, a
// diff of any two, its labels and their rollout split; a label is moved (optionally splitting
// traffic with a second version) or rolled back after a confirmation dialog.
import { api, get, post, enc } from './api.js';
import { h, s, replace, field, table, errorBox, toast } from './dom.js';

const KINDS = {
  prompt: { base: '/api/prompts', title: 'Prompts', one: 'prompt' },
  alias: { base: '/api/aliases', title: 'Model aliases', one: 'model alias' },
};

export async function render(root, params) {
  if (KINDS[params[0]] && params[1]) return renderEntry(root, params[0], params[1]);
  const [prompts, aliases] = await Promise.all([get(KINDS.prompt.base), get(KINDS.alias.base)]);
  replace(root,
    h('h1', null, 'Prompts and models'),
    h('p', { class: 'muted' }, 'Versions never change once stored; a label (production, staging, …) points at one, optionally sending a share of the users to a second version. Create them here, with grounded prompts create, or POST /api/prompts.'),
    h('section', { class: 'registry-list', dataset: { kind: 'prompt' } }, h('h2', null, KINDS.prompt.title), entries('prompt', prompts.data)),
    newPromptForm(),
    h('section', { class: 'registry-list', dataset: { kind: 'alias' } }, h('h2', null, KINDS.alias.title),
      aliases.data.length ? entries('alias', aliases.data)
        : h('p', { class: 'muted' }, 'No versioned model aliases (grounded aliases create NAME --target … versions an alias of grounded.yaml).')));
}

/** A new prompt: its name and first version (which the registry labels production). */
function newPromptForm() {
  const name = h('input', { type: 'text', name: 'new-name', required: true, placeholder: 'support.reply' });
  const text = h('textarea', { name: 'new-text', rows: 4, required: true, placeholder: 'Answer {{question}} in two sentences.' });
  const note = h('input', { type: 'text', name: 'new-note', placeholder: 'first version' });
  const status = h('div', { class: 'create-status' });
  return h('form', { class: 'card new-prompt', on: { submit: async (e) => {
    e.preventDefault();
    const n = name.value.trim();
    try {
      const body = { name: n, text: text.value };
      if (note.value.trim()) body.note = note.value.trim();
      await post(KINDS.prompt.base, body);
      location.hash = '#/prompts/prompt/' + enc(n);
    } catch (err) { replace(status, errorBox(err)); }
  } } },
  h('h2', null, 'New prompt'),
  h('div', { class: 'row' }, field('Name', name), field('Note', note)),
  field('Text', text, 'A template: {{variable}} is filled from the request. Messages and model settings: add a version from the prompt\'s page as JSON.'),
  h('button', { type: 'submit', class: 'primary' }, 'Create prompt'), status);
}

function entries(kind, data) {
  return table(['Name', 'Latest', 'Labels'], data.map((e) => [
    h('a', { href: '#/prompts/' + kind + '/' + enc(e.name), class: 'entry-link' }, e.name),
    h('span', null, 'v' + e.latest_version, e.built_in ? [' ', h('span', { class: 'badge' }, 'built-in')] : null),
    Object.values(e.labels).map((l) => h('span', { class: 'badge label-badge' }, labelText(l))),
  ]));
}

function labelText(l) {
  return l.label + ' → v' + l.version + (l.split ? ' (v' + l.split.version + ' ' + l.split.percent + ' %)' : '');
}

async function renderEntry(root, kind, name) {
  const k = KINDS[kind];
  const path = k.base + '/' + enc(name);
  const labels = h('div', { class: 'labels' });
  const versions = h('div', { class: 'versions' });
  const diffOut = h('div', { class: 'diff-out', 'aria-live': 'polite' });
  const from = h('select', { name: 'from', 'aria-label': 'From version' });
  const to = h('select', { name: 'to', 'aria-label': 'To version' });
  const moveForm = h('form', { class: 'card move-label', on: { submit: (e) => { e.preventDefault(); move(); } } });
  const definition = h('textarea', { name: 'definition', rows: 8, spellcheck: 'false' });
  const note = h('input', { type: 'text', name: 'note', placeholder: 'what changed' });
  const newLabels = h('input', { type: 'text', name: 'labels', placeholder: 'staging (optional, comma separated)' });
  const createStatus = h('div', { class: 'create-status' });
  const createForm = h('form', { class: 'card new-version', on: { submit: (e) => { e.preventDefault(); create(); } } },
    h('h2', null, 'New version'),
    field('Definition (JSON)', definition, kind === 'prompt' ? '{"messages": [{"role": "system", "content": "…"}], "config": {…}} or {"text": "…"}'
      : '{"targets": […]} as grounded aliases create stores it'),
    h('div', { class: 'row' }, field('Note', note), field('Labels', newLabels),
      h('button', { type: 'submit', class: 'primary' }, 'Create version')),
    createStatus);
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });

  let entry = await get(path); // another tenant's entry is a 404, shown in place of the view
  replace(root,
    h('p', null, h('a', { href: '#/prompts' }, '← Prompts and models')),
    h('h1', null, k.one[0].toUpperCase() + k.one.slice(1), ' ', h('code', null, name)),
    h('section', null, h('h2', null, 'Labels and rollout'), labels),
    moveForm,
    h('section', { class: 'card' }, h('h2', null, 'Diff'),
      h('form', { class: 'row diff-form', on: { submit: (e) => { e.preventDefault(); diff(); } } },
        field('From', from), field('To', to), h('button', { type: 'submit', class: 'primary' }, 'Show diff')),
      diffOut),
    h('section', null, h('h2', null, 'Versions'), versions),
    createForm,
    dialog);
  definition.value = JSON.stringify(entry.versions[entry.versions.length - 1].definition, null, 2);
  show();
  if (entry.versions.length > 1) await diff();

  async function load() {
    try {
      entry = await get(path);
    } catch (e) {
      replace(labels, errorBox(e));
      return;
    }
    show();
  }

  function show() {
    const numbers = entry.versions.map((v) => v.version);
    const keep = [from.value, to.value];
    replace(from, numbers.map((n) => h('option', { value: n }, 'v' + n)));
    replace(to, numbers.map((n) => h('option', { value: n }, 'v' + n)));
    from.value = keep[0] || String(numbers[Math.max(0, numbers.length - 2)]);
    to.value = keep[1] || String(numbers[numbers.length - 1]);
    const ls = Object.values(entry.labels);
    replace(labels, ls.length ? table(['Label', 'Serves', 'Split', 'Updated', ''], ls.map((l) => [
      h('strong', { class: 'label-name' }, l.label),
      h('span', { class: 'serves' }, 'v' + l.version),
      splitView(l),
      l.updated_at || '',
      h('button', { type: 'button', class: 'danger rollback', dataset: { label: l.label }, 'aria-label': 'Roll back ' + l.label,
        on: { click: () => confirmRollback(l) } }, 'Roll back…'),
    ])) : h('p', { class: 'muted' }, 'No labels yet.'));
    labels.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.label = ls[i].label; });
    moveFormFor(numbers, ls);
    const prompt = kind === 'prompt';
    replace(versions, table(['Version', 'Created', 'Note', 'Labels', prompt ? 'Variables' : null, 'Definition'].filter(Boolean),
      entry.versions.slice().reverse().map((v) => [
        'v' + v.version, v.created_at || 'built in', v.note || '', (v.labels || []).join(', '),
        prompt ? (v.variables || []).join(', ') : null,
        h('details', null, h('summary', null, 'Show'), h('pre', null, JSON.stringify(v.definition, null, 2)))].filter((c) => c !== null))));
  }

  function splitView(l) {
    if (!l.split) return h('span', { class: 'muted split' }, 'none: every request gets v' + l.version);
    const p = l.split.percent;
    return h('span', { class: 'split' },
      s('svg', { class: 'split-bar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', role: 'img',
        'aria-label': 'v' + l.version + ' ' + (100 - p) + ' %, v' + l.split.version + ' ' + p + ' %' },
      s('rect', { x: 0, y: 0, width: 100 - p, height: 6, class: 'split-main' }),
      s('rect', { x: 100 - p, y: 0, width: p, height: 6, class: 'split-canary' })),
      h('span', { class: 'split-text' }, 'v' + l.version + ' ' + (100 - p) + ' % · v' + l.split.version + ' ' + p + ' %'));
  }

  function moveFormFor(numbers, ls) {
    const label = h('input', { type: 'text', name: 'label', required: true, list: 'label-names', value: ls.length ? ls[0].label : 'production' });
    const version = h('select', { name: 'version' }, numbers.map((n) => h('option', { value: n }, 'v' + n)));
    version.value = String(numbers[numbers.length - 1]);
    const splitVersion = h('select', { name: 'split_version' }, h('option', { value: '' }, 'no split'),
      numbers.map((n) => h('option', { value: n }, 'v' + n)));
    const percent = h('input', { type: 'number', name: 'percent', min: 1, max: 99, value: 10 });
    const status = h('div', { class: 'move-status' });
    replace(moveForm,
      h('h2', null, 'Move a label'),
      h('datalist', { id: 'label-names' }, ls.map((l) => h('option', { value: l.label }))),
      h('div', { class: 'row' }, field('Label', label), field('Version', version),
        field('Split to', splitVersion, 'a second version for a share of the users'), field('Percent', percent),
        h('button', { type: 'submit', class: 'primary' }, 'Move')),
      status);
  }

  async function create() {
    let body;
    try {
      body = JSON.parse(definition.value);
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('the definition must be a JSON object');
    } catch (e) {
      replace(createStatus, errorBox(e));
      return;
    }
    body.name = name;
    if (note.value.trim()) body.note = note.value.trim();
    const ls = newLabels.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (ls.length) body.labels = ls;
    try {
      const v = await post(k.base, body);
      replace(createStatus);
      note.value = '';
      newLabels.value = '';
      toast('Created ' + name + ' v' + v.version);
      from.value = '';
      to.value = '';
      await load();
      await diff();
    } catch (e) { replace(createStatus, errorBox(e)); }
  }

  async function move() {
    const f = moveForm.elements;
    const body = { version: Number(f.version.value) };
    if (f.split_version.value) body.split = { version: Number(f.split_version.value), percent: Number(f.percent.value) };
    try {
      const l = await api('PUT', path + '/labels/' + enc(f.label.value.trim()), body);
      toast('Label ' + l.label + ' now serves ' + labelText(l).replace(/^\S+ → /, ''));
      await load();
    } catch (err) { replace(moveForm.querySelector('.move-status'), errorBox(err)); }
  }

  function confirmRollback(l) {
    const cancel = h('button', { type: 'button', class: 'cancel', on: { click: () => dialog.close('cancel') } }, 'Cancel');
    const ok = h('button', { type: 'button', class: 'danger confirm-rollback', on: { click: () => dialog.close('confirm') } }, 'Roll back ' + l.label);
    replace(dialog,
      h('h2', { id: 'confirm-title' }, 'Roll back ' + l.label + '?'),
      h('p', null, 'The label ', h('strong', null, l.label), ' of ', h('code', null, name), ' now serves ', labelText(l).replace(/^\S+ → /, ''),
        '. Rolling back moves it to where it pointed before its last move; every server sharing this data directory serves that from its next request.'),
      h('div', { class: 'row' }, cancel, ok));
    dialog.addEventListener('close', async () => {
      if (dialog.returnValue !== 'confirm') return;
      try {
        const r = await post(path + '/labels/' + enc(l.label) + '/rollback');
        toast(r.removed ? 'Label ' + l.label + ' removed (it had no earlier state)' : 'Rolled back: ' + labelText(r));
        await load();
      } catch (err) {
        toast(err.message, 'error');
      }
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    cancel.focus();
  }

  async function diff() {
    try {
      const d = await get(path + '/diff?from=' + enc(from.value) + '&to=' + enc(to.value));
      replace(diffOut, h('p', { class: 'muted' }, 'v' + d.from + ' → v' + d.to),
        h('pre', { class: 'diff' }, d.lines.map((line) => h('span', {
          class: 'diff-line' + (line.startsWith('+') ? ' diff-add' : line.startsWith('-') ? ' diff-del' : '') }, line))));
    } catch (e) { replace(diffOut, errorBox(e)); }
  }
}
