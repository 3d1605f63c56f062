// Checks Grounded's OpenAI-compatible API with LangChain JS's ChatOpenAI (@langchain/openai).
//
// Configuration (environment variables, or --name=value arguments with the same names in
// lower case without the prefix, e.g. --base-url=http://127.0.0.1:8080/v1):
//   GROUNDED_BASE_URL     the /v1 base URL, e.g. http://127.0.0.1:8080/v1 (required)
//   GROUNDED_API_KEY      a valid API key (required)
//   GROUNDED_COLLECTION   a collection holding the source text (required)
//   GROUNDED_QUESTION     a question the source text answers (required)
//   GROUNDED_EXPECTED     a phrase the answer must contain (required)
//
// Not checked: invoke() on a ChatOpenAI built with `streaming: true`. LangChain then estimates
// token counts itself with tiktoken, whose encoding it downloads from tiktoken.pages.dev, so the
// check would depend on the internet (offline it hangs in retries); .stream() covers streaming.
//
// Every check runs; each prints "ok - <name>" or "FAIL - <name>: <why>". The exit code is 1 if
// any failed.
import assert from 'node:assert/strict';
import { assertAnswer, check, config, finish, rejection } from './harness.mjs';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';

const cfg = config({
  baseUrl: undefined,
  apiKey: undefined,
  collection: undefined,
  question: undefined,
  expected: undefined,
});
const model = `rag:${cfg.collection}`;
const chat = (options = {}) =>
  new ChatOpenAI({
    model,
    apiKey: cfg.apiKey,
    configuration: { baseURL: cfg.baseUrl },
    maxRetries: 0,
    timeout: 60_000,
    ...options,
  });

await check('ChatOpenAI.invoke answers from the collection', async () => {
  const message = await chat().invoke(cfg.question);
  assertAnswer(message.content, cfg.expected);
  assert.ok(message.usage_metadata?.total_tokens > 0, `usage_metadata: ${JSON.stringify(message.usage_metadata)}`);
  assert.equal(message.response_metadata?.finish_reason, 'stop');
});

await check('ChatOpenAI.invoke takes a system message and the question', async () => {
  const message = await chat().invoke([
    new SystemMessage('Answer from the documents only.'),
    new HumanMessage(cfg.question),
  ]);
  assertAnswer(message.content, cfg.expected);
});

await check('ChatOpenAI.stream streams the answer in pieces', async () => {
  let text = '';
  let pieces = 0;
  let usage;
  for await (const chunk of await chat().stream(cfg.question)) {
    assert.equal(typeof chunk.content, 'string');
    if (chunk.content.length > 0) pieces++;
    text += chunk.content;
    if (chunk.usage_metadata) usage = chunk.usage_metadata;
  }
  assert.ok(pieces > 1, `the answer came in ${pieces} piece(s)`);
  assertAnswer(text, cfg.expected);
  assert.ok(usage?.total_tokens > 0, `usage_metadata: ${JSON.stringify(usage)}`);
});

await check('ChatOpenAI.batch answers several questions', async () => {
  const messages = await chat().batch([cfg.question, cfg.question]);
  assert.equal(messages.length, 2);
  messages.forEach((m) => assertAnswer(m.content, cfg.expected));
});

await check('ChatOpenAI with a wrong API key fails with status 401', async () => {
  const err = await rejection(chat({ apiKey: 'gr-not-a-real-key' }).invoke(cfg.question));
  assert.equal(err.status, 401, `${err?.constructor?.name}: ${err?.message}`);
});

await check('ChatOpenAI with an unknown rag model fails with status 404', async () => {
  const err = await rejection(chat({ model: 'rag:no-such-collection' }).invoke(cfg.question));
  assert.equal(err.status, 404, `${err?.constructor?.name}: ${err?.message}`);
});

finish('LangChain');

// ---




