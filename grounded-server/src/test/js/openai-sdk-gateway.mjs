// Checks Grounded's gateway models (configured upstream aliases) with the official `openai` npm SDK.
//
// Configuration (environment variables, or --name=value arguments as in openai-sdk.mjs):
//   GROUNDED_BASE_URL      the /v1 base URL (required)
//   GROUNDED_API_KEY       an API key (required)
//   GROUNDED_ALIAS         an alias whose upstream answers GROUNDED_EXPECTED (required)
//   GROUNDED_BROKEN_ALIAS  an alias whose upstream stream breaks after its first chunks (required)
//   GROUNDED_EXPECTED      the upstream's exact answer (required)
import assert from 'node:assert/strict';
import { check, config, finish, rejection } from './harness.mjs';
import OpenAI from 'openai';

const cfg = config({
  baseUrl: undefined,
  apiKey: undefined,
  alias: undefined,
  brokenAlias: undefined,
  expected: undefined,
});
const client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseUrl, maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: 'Say hello.' }];

await check('models.list includes the alias', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes(cfg.alias), `no ${cfg.alias} in ${JSON.stringify(ids)}`);
});

await check('chat.completions.create answers through the alias', async () => {
  const completion = await client.chat.completions.create({ model: cfg.alias, messages });
  assert.equal(completion.model, cfg.alias);
  assert.equal(completion.choices[0].message.content, cfg.expected);
  assert.ok(completion.usage.prompt_tokens > 0);
});

await check('a stream through the alias arrives chunk by chunk and ends cleanly', async () => {
  const stream = await client.chat.completions.create({ model: cfg.alias, messages, stream: true });
  let text = '';
  let chunks = 0;
  let finish = null;
  for await (const chunk of stream) {
    assert.equal(chunk.model, cfg.alias);
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, cfg.expected);
  assert.ok(chunks > 1, `${chunks} chunk(s)`);
  assert.equal(finish, 'stop');
});

await check('a stream that breaks upstream raises an APIError in the SDK', async () => {
  const stream = await client.chat.completions.create({
    model: cfg.brokenAlias,
    messages,
    stream: true,
  });
  let text = '';
  const err = await rejection(
    (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })(),
  );
  assert.ok(err instanceof OpenAI.APIError, `got ${err?.constructor?.name}: ${err}`);
  assert.ok(text.length > 0, 'the chunks before the break were delivered');
});

await check('an unknown model is a NotFoundError', async () => {
  const err = await rejection(client.chat.completions.create({ model: 'no-such-alias', messages }));
  assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err}`);
});

finish('gateway openai SDK');
