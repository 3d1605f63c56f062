// Checks Grounded's Anthropic-compatible POST /v1/messages with the official `@anthropic-ai/sdk`,
// Grounded being in front of an OpenAI-compatible upstream (the test's fake).
//
// Configuration (environment variables, or --name=value arguments as in openai-sdk.mjs):
//   GROUNDED_BASE_URL      the server's root URL, without /v1 (required; the SDK appends /v1/messages)
//   GROUNDED_API_KEY       a Grounded API key, sent as x-api-key (required)
//   GROUNDED_ALIAS         an alias whose upstream answers GROUNDED_EXPECTED, and calls the tool
//                          get_weather({"city":"Paris"}) when given tools (required)
//   GROUNDED_BROKEN_ALIAS  an alias whose upstream stream breaks after its first chunks (required)
//   GROUNDED_EXPECTED      the upstream's exact answer (required)
//   GROUNDED_TOOL_ANSWER   the upstream's answer once it got the tool's result (required)
import assert from 'node:assert/strict';
import { check, config, finish, rejection } from './harness.mjs';
import Anthropic from '@anthropic-ai/sdk';

const cfg = config({
  baseUrl: undefined,
  apiKey: undefined,
  alias: undefined,
  brokenAlias: undefined,
  expected: undefined,
  toolAnswer: undefined,
});
const client = new Anthropic({ apiKey: cfg.apiKey, baseURL: cfg.baseUrl, maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: 'Say hello.' }];
const tools = [
  {
    name: 'get_weather',
    description: 'The current weather in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];
const weatherQuestion = { role: 'user', content: 'What is the weather in Paris?' };

await check('models.list and models.retrieve name the alias in Anthropic\'s shape', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.type, 'model');
    ids.push(model.id);
  }
  assert.ok(ids.includes(cfg.alias), `no ${cfg.alias} in ${JSON.stringify(ids)}`);
  const model = await client.models.retrieve(cfg.alias);
  assert.equal(model.id, cfg.alias);
  assert.ok(!Number.isNaN(Date.parse(model.created_at)), model.created_at);
});

await check('messages.create answers through the alias', async () => {
  const message = await client.messages.create({
    model: cfg.alias,
    max_tokens: 100,
    system: 'Be brief.',
    messages,
  });
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.model, cfg.alias);
  assert.equal(message.content.length, 1);
  assert.equal(message.content[0].type, 'text');
  assert.equal(message.content[0].text, cfg.expected);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0, JSON.stringify(message.usage));
  assert.ok(message.usage.output_tokens > 0, JSON.stringify(message.usage));
});

await check('messages.stream delivers text events and a final message with usage', async () => {
  const stream = client.messages.stream({ model: cfg.alias, max_tokens: 100, messages });
  const deltas = [];
  stream.on('text', (text) => deltas.push(text));
  const message = await stream.finalMessage();
  assert.equal(deltas.join(''), cfg.expected);
  assert.ok(deltas.length > 1, `${deltas.length} text event(s)`);
  assert.equal(message.content[0].text, cfg.expected);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0, JSON.stringify(message.usage));
});

await check('a raw stream has Anthropic event order', async () => {
  const stream = await client.messages.create({ model: cfg.alias, max_tokens: 100, messages, stream: true });
  const types = [];
  for await (const event of stream) types.push(event.type);
  assert.equal(types[0], 'message_start');
  assert.equal(types[1], 'content_block_start');
  assert.equal(types.at(-3), 'content_block_stop');
  assert.equal(types.at(-2), 'message_delta');
  assert.equal(types.at(-1), 'message_stop');
});

await check('tool use: a tool_use block, then the answer to its tool_result', async () => {
  const first = await client.messages.create({
    model: cfg.alias,
    max_tokens: 100,
    tools,
    tool_choice: { type: 'auto' },
    messages: [weatherQuestion],
  });
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.ok(use, JSON.stringify(first.content));
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Paris' });
  const second = await client.messages.create({
    model: cfg.alias,
    max_tokens: 100,
    tools,
    messages: [
      weatherQuestion,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 24 C' }] },
    ],
  });
  assert.equal(second.content[0].text, cfg.toolAnswer);
  assert.equal(second.stop_reason, 'end_turn');
});

await check('streamed tool use: input_json_delta events build the tool input', async () => {
  const stream = client.messages.stream({ model: cfg.alias, max_tokens: 100, tools, messages: [weatherQuestion] });
  const fragments = [];
  stream.on('inputJson', (partial) => fragments.push(partial));
  const message = await stream.finalMessage();
  const use = message.content.find((b) => b.type === 'tool_use');
  assert.ok(use, JSON.stringify(message.content));
  assert.deepEqual(use.input, { city: 'Paris' });
  assert.ok(fragments.length > 1, `${fragments.length} input_json_delta event(s)`);
  assert.equal(message.stop_reason, 'tool_use');
});

await check('a stream that breaks upstream raises an APIError in the SDK', async () => {
  const stream = await client.messages.create({
    model: cfg.brokenAlias,
    max_tokens: 100,
    messages,
    stream: true,
  });
  let text = '';
  const err = await rejection(
    (async () => {
      for await (const event of stream)
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    })(),
  );
  assert.ok(err instanceof Anthropic.APIError, `got ${err?.constructor?.name}: ${err}`);
  assert.ok(text.length > 0, 'the text before the break was delivered');
});

await check('an unknown model is a NotFoundError', async () => {
  const err = await rejection(client.messages.create({ model: 'no-such-alias', max_tokens: 10, messages }));
  assert.ok(err instanceof Anthropic.NotFoundError, `got ${err?.constructor?.name}: ${err}`);
  assert.equal(err.error?.error?.type, 'not_found_error');
});

await check('a missing max_tokens is a BadRequestError', async () => {
  const err = await rejection(
    client.post('/v1/messages', { body: { model: cfg.alias, messages } }),
  );
  assert.ok(err instanceof Anthropic.BadRequestError, `got ${err?.constructor?.name}: ${err}`);
  assert.equal(err.error?.error?.type, 'invalid_request_error');
});

await check('a client sending the key as x-api-key (older SDKs, curl) is answered', async () => {
  // this SDK version sends its apiKey as `Authorization: Bearer`; Anthropic's docs and older SDKs use x-api-key
  const headerOnly = new Anthropic({
    apiKey: null,
    authToken: null,
    baseURL: cfg.baseUrl,
    maxRetries: 0,
    defaultHeaders: { 'x-api-key': cfg.apiKey },
  });
  const message = await headerOnly.messages.create({ model: cfg.alias, max_tokens: 10, messages });
  assert.equal(message.content[0].text, cfg.expected);
});

await check('a wrong key is an AuthenticationError', async () => {
  const wrong = new Anthropic({ apiKey: 'gr-wrong', baseURL: cfg.baseUrl, maxRetries: 0 });
  const err = await rejection(wrong.messages.create({ model: cfg.alias, max_tokens: 10, messages }));
  assert.ok(err instanceof Anthropic.AuthenticationError, `got ${err?.constructor?.name}: ${err}`);
});

finish('gateway anthropic SDK');
