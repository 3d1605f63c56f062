// Calls to the server's own API with the signed-in key. The key lives in sessionStorage (this
// tab only, gone when it closes); every request is same-origin.

const KEY = 'grounded.key';

export const session = {
  get key() { return sessionStorage.getItem(KEY) || ''; },
  set key(v) { if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY); },
  who: null,
};

export class ApiError extends Error {
  constructor(status, body, text) {
    const err = body && body.error;
    super(err && err.message ? err.message : (text || 'HTTP ' + status));
    this.status = status;
    this.code = err ? err.code : null;
    this.param = err ? err.param : null;
  }
}

function headers(extra) {
  const h = Object.assign({}, extra);
  if (session.key) h.Authorization = 'Bearer ' + session.key;
  return h;
}

async function parse(r) {
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) {
    const e = new ApiError(r.status, json, text);
    if (r.status === 401) window.dispatchEvent(new CustomEvent('grounded:unauthorized'));
    throw e;
  }
  return json;
}

/** JSON in, JSON out; throws ApiError with the server's message. */
export async function api(method, path, body, extraHeaders) {
  const init = { method, headers: headers(extraHeaders) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return parse(await fetch(path, init));
}

export const get = (path) => api('GET', path);
export const post = (path, body, extra) => api('POST', path, body === undefined ? {} : body, extra);
export const del = (path) => api('DELETE', path);
export const patch = (path, body) => api('PATCH', path, body);

export const enc = encodeURIComponent;

/**
 * Server-sent events of a POST: yields {event, data} as they arrive (fetch, since EventSource
 * cannot send the key). Throws ApiError when the server answers with an error instead.
 */
export async function* events(path, body, extraHeaders, signal) {
  const r = await fetch(path, {
    method: 'POST',
    headers: headers(Object.assign({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }, extraHeaders)),
    body: JSON.stringify(body),
    signal,
  });
  if (!r.ok || !(r.headers.get('Content-Type') || '').includes('text/event-stream')) {
    yield { event: 'json', data: await parse(r) };
    return;
  }
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let event = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
      } else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  if (data.length) yield { event, data: data.join('\n') };
}

/** A multipart upload with progress (XMLHttpRequest: fetch reports no upload progress). */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', path);
    if (session.key) x.setRequestHeader('Authorization', 'Bearer ' + session.key);
    x.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    x.addEventListener('load', () => {
      let json = null;
      try { json = JSON.parse(x.responseText); } catch { json = null; }
      if (x.status >= 200 && x.status < 300) resolve(json);
      else reject(new ApiError(x.status, json, x.responseText));
    });
    x.addEventListener('error', () => reject(new ApiError(0, null, 'network error')));
    x.send(form);
  });
}

export function requestId() {
  return crypto.randomUUID();
}

/** The states an ingest or evaluation job ends in. */
export const JOB_DONE = ['succeeded', 'failed', 'cancelled', 'job_lost'];

/**
 * Follows a job: calls onUpdate with it, then with each new state polled every {@code every} ms,
 * until it ends or {@code stopped()} turns true; returns the last state seen. A failed poll (a busy
 * server) is passed to {@code onRetry} and polled again; 401 and 404 end the following.
 */
export async function followJob(job, onUpdate, { every = 500, stopped = () => false, onRetry = () => {} } = {}) {
  for (;;) {
    onUpdate(job);
    if (JOB_DONE.includes(job.status) || stopped()) return job;
    await new Promise((r) => setTimeout(r, every));
    try {
      job = await get('/api/jobs/' + enc(job.id));
    } catch (e) {
      if (e.status === 404 || e.status === 401) throw e;
      onRetry(e, job);
    }
  }
}
