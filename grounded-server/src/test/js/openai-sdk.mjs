// Checks Grounded's OpenAI-compatible API with the official `openai` npm SDK.
//
// Configuration (environment variables, or --name=value arguments with the same names in
// lower case without the prefix, e.g. --base-url=http://127.0.0.1:8080/v1):
//   GROUNDED_BASE_URL        the /v1 base URL, e.g. http://127.0.0.1:8080/v1 (required)
//   GROUNDED_API_KEY         a valid API key (required)
//   GROUNDED_COLLECTION      a collection holding the source text (required)
//   GROUNDED_QUESTION        a question the source text answers (required)
//   GROUNDED_EXPECTED        a phrase the answer must contain (required)
//   GROUNDED_SOURCE_FILE     the ingested text file; citation quotes must come from it (required)
//   GROUNDED_EMBED_TEXTS     a JSON array of two texts to embed (optional)
//   GROUNDED_EMBEDDING_MODEL the embedding model id (default bge-small-en-v1.5)
//
// Every check runs; each prints "ok - <name>" or "FAIL - <name>: <why>". The exit code is 1 if
// any failed. The embeddings are printed as one line, "EMBEDDINGS <json>", for the caller to
// compare with the model it runs in process.
import assert from 'node:assert/strict';
import { assertAnswer, check, config, finish, rejection } from './harness.mjs';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const cfg = config({
  baseUrl: undefined,
  apiKey: undefined,
  collection: undefined,
  question: undefined,
  expected: undefined,
  sourceFile: undefined,
  embedTexts: JSON.stringify([
    'Grounded answers questions from your own documents.',
    'Every answer carries numbered citations.',
  ]),
  embeddingModel: 'bge-small-en-v1.5',
});
const ragModel = `rag:${cfg.collection}`;
const source = readFileSync(cfg.sourceFile, 'utf8');
const embedTexts = JSON.parse(cfg.embedTexts);
assert.ok(
  Array.isArray(embedTexts) && embedTexts.length === 2,
  'GROUNDED_EMBED_TEXTS must be a JSON array of two texts',
);

const client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseUrl, maxRetries: 0, timeout: 60_000 });
const question = [{ role: 'user', content: cfg.question }];
const results = { embeddings: {} };

await check('models.list includes the embedding model and the rag model', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.object, 'model');
    ids.push(model.id);
  }
  assert.ok(ids.includes(cfg.embeddingModel), `no ${cfg.embeddingModel} in ${JSON.stringify(ids)}`);
  assert.ok(ids.includes(ragModel), `no ${ragModel} in ${JSON.stringify(ids)}`);
});

await check('models.retrieve finds the rag model by its id', async () => {
  const model = await client.models.retrieve(ragModel);
  assert.equal(model.id, ragModel);
  assert.equal(model.object, 'model');
});

await check('chat.completions.create answers from the collection with citations', async () => {
  const completion = await client.chat.completions.create({ model: ragModel, messages: question });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.model, ragModel);
  assert.equal(completion.choices.length, 1);
  const choice = completion.choices[0];
  assert.equal(choice.finish_reason, 'stop');
  assert.equal(choice.message.role, 'assistant');
  const content = choice.message.content;
  assertAnswer(content, cfg.expected);
  assertGrounded(choice.message.grounded, 'message.grounded');
  assert.ok(completion.usage.prompt_tokens > 0, `usage: ${JSON.stringify(completion.usage)}`);
  assert.ok(completion.usage.completion_tokens > 0, `usage: ${JSON.stringify(completion.usage)}`);
  assert.equal(
    completion.usage.total_tokens,
    completion.usage.prompt_tokens + completion.usage.completion_tokens,
  );
  results.content = content;
});

await check('chat.completions.create with stream:true streams deltas, usage, then citations', async () => {
  const stream = await client.chat.completions.create({
    model: ragModel,
    messages: question,
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.length >= 4, `only ${chunks.length} chunks`);
  for (const chunk of chunks) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.model, ragModel);
    assert.equal(chunk.id, chunks[0].id, 'every chunk has the same id');
  }
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks
    .flatMap((c) => c.choices)
    .map((c) => c.delta?.content ?? '')
    .join('');
  assertAnswer(text, cfg.expected);
  if (results.content !== undefined)
    assert.equal(text, results.content, 'the streamed text differs from the non-streamed answer');
  const finishes = chunks.flatMap((c) => c.choices).filter((c) => c.finish_reason !== null);
  assert.deepEqual(
    finishes.map((c) => c.finish_reason),
    ['stop'],
  );
  const usageAt = chunks.findIndex((c) => c.usage);
  assert.ok(usageAt >= 0, 'no usage chunk arrived');
  const usage = chunks[usageAt];
  assert.deepEqual(usage.choices, [], 'the usage chunk has choices');
  assert.ok(usage.usage.total_tokens > 0, `usage: ${JSON.stringify(usage.usage)}`);
  const groundedAt = chunks.findIndex((c) => c.grounded);
  assert.ok(groundedAt >= 0, 'no chunk with grounded citations arrived before [DONE]');
  assert.equal(groundedAt, chunks.length - 1, 'the grounded chunk is not the last one');
  assert.ok(groundedAt > usageAt, 'the grounded chunk came before the usage chunk');
  assert.deepEqual(chunks[groundedAt].choices, [], 'the grounded chunk has choices');
  assertGrounded(chunks[groundedAt].grounded, 'chunk.grounded');
});

await check('chat.completions.stream helper assembles the final completion', async () => {
  const runner = client.chat.completions.stream({ model: ragModel, messages: question });
  let deltas = '';
  runner.on('content', (delta) => (deltas += delta));
  const completion = await runner.finalChatCompletion();
  assertAnswer(completion.choices[0].message.content, cfg.expected);
  assert.equal(deltas, completion.choices[0].message.content);
  assert.equal(completion.choices[0].finish_reason, 'stop');
});

await check('chat.completions.create honours n and max_tokens', async () => {
  const completion = await client.chat.completions.create({
    model: ragModel,
    messages: question,
    n: 2,
    max_tokens: 3,
  });
  assert.equal(completion.choices.length, 2);
  assert.deepEqual(
    completion.choices.map((c) => c.index),
    [0, 1],
  );
  for (const c of completion.choices) {
    assert.equal(c.finish_reason, 'length');
    if (results.content !== undefined)
      assert.ok(c.message.content.length < results.content.length, `not truncated: ${c.message.content}`);
  }
});

await check('embeddings.create with encoding_format float returns a vector per input', async () => {
  const res = await client.embeddings.create({
    model: cfg.embeddingModel,
    input: embedTexts,
    encoding_format: 'float',
  });
  results.embeddings.float = vectors(res, 2);
  assert.ok(res.usage.prompt_tokens > 0);
});

await check('embeddings.create by default requests base64 and the SDK decodes it', async () => {
  const res = await client.embeddings.create({ model: cfg.embeddingModel, input: embedTexts });
  results.embeddings.base64 = vectors(res, 2);
  if (results.embeddings.float) {
    // float32 sent as base64 is exact; as JSON text it is the shortest decimal for the float32
    results.embeddings.float.forEach((v, i) =>
      v.forEach((x, j) =>
        assert.equal(Math.fround(x), results.embeddings.base64[i][j], `input ${i}, dimension ${j}`),
      ),
    );
  }
});

await check('embeddings.create embeds a single string input', async () => {
  const res = await client.embeddings.create({ model: cfg.embeddingModel, input: embedTexts[0] });
  results.embeddings.single = vectors(res, 1)[0];
});

await check('a wrong API key raises AuthenticationError (401)', async () => {
  const wrong = new OpenAI({ apiKey: 'gr-not-a-real-key', baseURL: cfg.baseUrl, maxRetries: 0 });
  const err = await rejection(wrong.models.list());
  assert.ok(err instanceof OpenAI.AuthenticationError, describe(err));
  assert.equal(err.status, 401);
  assert.equal(err.type, 'authentication_error');
});

await check('an unknown model raises NotFoundError (404) naming the model param', async () => {
  const err = await rejection(
    client.chat.completions.create({ model: 'rag:no-such-collection', messages: question }),
  );
  assert.ok(err instanceof OpenAI.NotFoundError, describe(err));
  assert.equal(err.status, 404);
  assert.equal(err.param, 'model');
  const embedErr = await rejection(client.embeddings.create({ model: 'no-such-model', input: 'x' }));
  assert.ok(embedErr instanceof OpenAI.NotFoundError, describe(embedErr));
});

await check('n: 0 raises BadRequestError (400) naming param n', async () => {
  const err = await rejection(client.chat.completions.create({ model: ragModel, messages: question, n: 0 }));
  assert.ok(err instanceof OpenAI.BadRequestError, describe(err));
  assert.equal(err.status, 400);
  assert.equal(err.param, 'n');
  assert.equal(err.type, 'invalid_request_error');
});

await check('an invalid encoding_format raises BadRequestError (400)', async () => {
  const err = await rejection(
    client.embeddings.create({ model: cfg.embeddingModel, input: 'x', encoding_format: 'hex' }),
  );
  assert.ok(err instanceof OpenAI.BadRequestError, describe(err));
  assert.equal(err.status, 400);
  assert.equal(err.param, 'encoding_format');
});

await check('an error on a streaming request is raised before any chunk', async () => {
  const err = await rejection(
    (async () => {
      const stream = await client.chat.completions.create({
        model: 'rag:no-such-collection',
        messages: question,
        stream: true,
      });
      for await (const _ of stream);
    })(),
  );
  assert.ok(err instanceof OpenAI.NotFoundError, describe(err));
});

console.log(`EMBEDDINGS ${JSON.stringify({ texts: embedTexts, ...results.embeddings })}`);
finish('openai SDK');

// ---


function assertGrounded(grounded, where) {
  assert.ok(grounded && typeof grounded === 'object', `${where} is ${JSON.stringify(grounded)}`);
  assert.equal(grounded.abstained, false, `${where}.abstained`);
  assert.ok(Array.isArray(grounded.citations) && grounded.citations.length > 0, `${where}.citations is empty`);
  const normalizedSource = normalize(source);
  grounded.citations.forEach((c, i) => {
    assert.equal(c.n, i + 1, `${where}.citations[${i}].n`);
    for (const field of ['document_id', 'source', 'quote']) assert.equal(typeof c[field], 'string', `${where}.citations[${i}].${field}`);
    for (const field of ['chunk', 'quote_start', 'quote_end', 'score']) assert.equal(typeof c[field], 'number', `${where}.citations[${i}].${field}`);
    assert.ok(c.location && typeof c.location === 'object', `${where}.citations[${i}].location`);
    assert.ok(c.quote.trim().length > 0, `${where}.citations[${i}].quote is empty`);
    assert.ok(
      normalizedSource.includes(normalize(c.quote)),
      `${where}.citations[${i}].quote ${JSON.stringify(c.quote)} is not in the source text`,
    );
  });
  assert.ok(
    grounded.citations.some((c) => c.quote.includes(cfg.expected)),
    `no citation quotes ${JSON.stringify(cfg.expected)}`,
  );
}

function vectors(res, count) {
  assert.equal(res.object, 'list');
  assert.equal(res.model, cfg.embeddingModel);
  assert.equal(res.data.length, count);
  const out = res.data.map((d, i) => {
    assert.equal(d.object, 'embedding');
    assert.equal(d.index, i);
    assert.ok(Array.isArray(d.embedding), `embedding ${i} is ${typeof d.embedding}, not an array`);
    assert.ok(d.embedding.length > 0);
    assert.ok(d.embedding.every(Number.isFinite), `embedding ${i} has a non-finite value`);
    return d.embedding;
  });
  assert.ok(out.every((v) => v.length === out[0].length), 'vectors differ in length');
  return out;
}

function normalize(s) {
  return s.replace(/\s+/g, ' ').trim();
}


function describe(err) {
  return `${err?.constructor?.name}: status=${err?.status} ${err?.message}`;
}


