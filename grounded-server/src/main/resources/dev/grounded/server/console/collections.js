// Collections and documents: create and delete collections; drop many files to upload them, with
// a progress bar per file (bytes sent) and per ingest job (documents indexed); the document list
// with versions and metadata; delete and re-ingest; failures with their reason.
import { get, post, del, enc, upload, followJob, JOB_DONE } from './api.js';
import { h, replace, append, field, table, errorBox, toast, fmtTime, fmtNumber, confirmAction } from './dom.js';

export async function render(root, params) {
  if (params[0]) return renderCollection(root, params[0]);
  const list = h('div');
  const name = h('input', { type: 'text', name: 'name', required: true, placeholder: 'handbook' });
  const status = h('div');
  const form = h('form', { class: 'card', on: { submit: async (e) => {
    e.preventDefault();
    try {
      await post('/api/collections', { name: name.value.trim() });
      location.hash = '#/collections/' + enc(name.value.trim());
    } catch (err) { replace(status, errorBox(err)); }
  } } }, h('h2', null, 'New collection'), h('div', { class: 'row' }, field('Name', name),
    h('button', { type: 'submit', class: 'primary' }, 'Create')), status);
  replace(root, h('h1', null, 'Collections'), list, form);
  await refresh();

  async function refresh() {
    try {
      const r = await get('/api/collections');
      replace(list, r.data.length ? table(['Collection', 'Documents', 'Chunks', 'Generator', 'Size', ''],
        r.data.map((c) => [h('a', { href: '#/collections/' + enc(c.id) }, c.id), fmtNumber(c.documents), fmtNumber(c.chunks),
          c.generator, fmtNumber(c.size_bytes / 1024, 1) + ' KB',
          h('button', { type: 'button', class: 'danger', 'aria-label': 'Delete collection ' + c.id, on: { click: async () => {
            if (!await confirmAction('Delete collection ' + c.id + '?', 'Its ' + fmtNumber(c.documents) + ' documents and their index are removed for good.', 'Delete ' + c.id)) return;
            try { await del('/api/collections/' + enc(c.id)); toast('Deleted ' + c.id); refresh(); } catch (err) { toast(err.message, 'error'); }
          } } }, 'Delete')]))
        : h('p', { class: 'muted' }, 'No collections yet.'));
    } catch (e) { replace(list, errorBox(e)); }
  }
}

async function renderCollection(root, id) {
  const c = await get('/api/collections/' + enc(id));
  const docs = h('div');
  const uploads = h('div', { class: 'uploads', 'aria-live': 'polite' });
  const input = h('input', { type: 'file', multiple: true, id: 'files', class: 'file-input' });
  const drop = h('div', { class: 'drop', tabindex: 0, role: 'button', 'aria-label': 'Drop files here or press Enter to choose files' },
    h('p', null, 'Drop files here (txt, md, html, pdf, docx…) or ', h('label', { for: 'files', class: 'link' }, 'choose files')), input);
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); send([...e.dataTransfer.files]); });
  input.addEventListener('change', () => { send([...input.files]); input.value = ''; });
  let stopped = false;

  replace(root,
    h('p', null, h('a', { href: '#/collections' }, '← Collections')),
    h('h1', null, 'Collection ', h('code', null, c.id)),
    h('p', { class: 'muted' }, fmtNumber(c.documents) + ' documents · ' + fmtNumber(c.chunks) + ' chunks · generator ' + c.generator +
      ' · trust ' + c.trust + (c.freshness_days ? ' · freshness limit ' + c.freshness_days + ' days' : ''),
    ' · ', h('a', { href: '#/ask/' + enc(c.id) }, 'Ask'), ' · ', h('a', { href: '#/search/' + enc(c.id) }, 'Search')),
    h('section', { class: 'card' }, h('h2', null, 'Upload'), drop, uploads),
    h('section', null, h('h2', null, 'Documents'), docs));
  await listDocuments();

  async function listDocuments(after) {
    try {
      const r = await get('/api/collections/' + enc(id) + '/documents?limit=50' + (after ? '&after=' + enc(after) : ''));
      const rows = r.data.map((d) => [
        h('span', { class: 'doc-title' }, d.title || d.id), h('code', null, d.id), String(d.version), String(d.chunks),
        Object.entries(d.metadata || {}).map(([k, v]) => k + '=' + v).join(', '), fmtTime(d.ingested_at),
        h('span', { class: 'row' },
          h('button', { type: 'button', 'aria-label': 'Re-ingest ' + d.id, on: { click: () => reingest(d) } }, 'Re-ingest'),
          h('button', { type: 'button', class: 'danger', 'aria-label': 'Delete ' + d.id, on: { click: async () => {
            if (!await confirmAction('Delete ' + d.id + '?', 'The document and its chunks leave the collection.', 'Delete ' + d.id)) return;
            try { await del('/api/collections/' + enc(id) + '/documents/' + enc(d.id)); toast('Deleted ' + d.id); listDocuments(); } catch (err) { toast(err.message, 'error'); }
          } } }, 'Delete'))]);
      replace(docs, rows.length ? table(['Title', 'Id', 'Version', 'Chunks', 'Metadata', 'Ingested', ''], rows) : h('p', { class: 'muted' }, 'No documents yet.'),
        r.has_more ? h('button', { type: 'button', on: { click: () => listDocuments(r.last_id) } }, 'Next page') : null);
    } catch (e) { replace(docs, errorBox(e)); }
  }

  function reingest(d) {
    const picker = h('input', { type: 'file' });
    picker.addEventListener('change', () => {
      const f = picker.files[0];
      if (f) send([new File([f], d.source || d.id, { type: f.type })]);
    });
    toast('Choose the new file for ' + d.id);
    picker.click();
  }

  function send(files) {
    for (const f of files) uploadOne(f);
  }

  async function uploadOne(file) {
    const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Upload of ' + file.name });
    const jobBar = h('progress', { max: 1, 'aria-label': 'Ingest of ' + file.name });
    const state = h('span', { class: 'state' }, 'uploading');
    const row = h('div', { class: 'file-row', dataset: { file: file.name } },
      h('span', null, file.name, ' ', h('small', { class: 'muted' }, fmtNumber(file.size / 1024, 1) + ' KB')),
      h('span', null, bar, jobBar), state);
    append(uploads, row);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const job = await upload('/api/collections/' + enc(id) + '/documents', form, (p) => { bar.value = p; });
      bar.value = 1;
      row.dataset.job = job.id;
      await watch(job, jobBar, state);
    } catch (e) {
      state.className = 'state error';
      replace(state, 'failed: ' + e.message);
    }
  }

  async function watch(job, bar, state) {
    job = await followJob(job, (j) => {
      const p = j.progress || {};
      if (p.total) { bar.max = p.total; bar.value = (p.indexed || 0) + (p.skipped || 0) + (p.failed || 0); }
      replace(state, j.status);
    }, {
      every: 400,
      stopped: () => stopped,
      onRetry: (e, j) => replace(state, j.status + ' (asking again: ' + e.message + ')'), // a busy server
    });
    if (!JOB_DONE.includes(job.status)) return; // the page was left
    const failures = job.failures || [];
    if (job.status === 'succeeded' && !failures.length) {
      state.className = 'state ok';
      replace(state, 'indexed');
    } else {
      state.className = 'state error';
      replace(state, job.status + ': ' + (failures.length ? failures.map((f) => (f.file || f.source || '') + ' ' + (f.reason || f.message || '')).join('; ')
        : (job.error && job.error.message) || ''));
    }
    listDocuments();
  }

  return () => { stopped = true; };
}
