// Checks Grounded's OpenAI-compatible API with the official `openai` npm SDK, Grounded being in
// front of an Anthropic Messages API upstream (the test's fake): chat, streaming, tools and
// embeddings (the server's local model).
//
// Configuration (environment variables, or --name=value arguments as in openai-sdk.mjs):
//   GROUNDED_BASE_URL         the /v1 base URL (required)
//   GROUNDED_API_KEY          an API key (required)
//   GROUNDED_ALIAS            an alias whose upstream answers GROUNDED_EXPECTED, and calls the tool
//                             get_weather({"city":"Paris"}) when given tools (required)
//   GROUNDED_BROKEN_ALIAS     an alias whose upstream stream breaks after its first events (required)
//   GROUNDED_EXPECTED         the upstream's exact answer (required)
//   GROUNDED_TOOL_ANSWER      the upstream's answer once it got the tool's result (required)
//   GROUNDED_EMBEDDING_MODEL  the server's embedding model (required)
import assert from 'node:assert/strict';
import { check, config, finish, rejection } from './harness.mjs';
import OpenAI from 'openai';

const cfg = config({
  baseUrl: undefined,
  apiKey: undefined,
  alias: undefined,
  brokenAlias: undefined,
  expected: undefined,
  toolAnswer: undefined,
  embeddingModel: undefined,
});
const client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseUrl, maxRetries: 0, timeout: 60_000 });
const messages = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Say hello.' },
];
const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
const weatherQuestion = { role: 'user', content: 'What is the weather in Paris?' };

await check('chat.completions.create answers from the Anthropic upstream', async () => {
  const completion = await client.chat.completions.create({ model: cfg.alias, messages, max_tokens: 100 });
  assert.equal(completion.model, cfg.alias);
  assert.equal(completion.choices[0].message.content, cfg.expected);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.prompt_tokens > 0, JSON.stringify(completion.usage));
});

await check('a stream arrives chunk by chunk and ends cleanly', async () => {
  const stream = await client.chat.completions.create({ model: cfg.alias, messages, stream: true });
  let text = '';
  let chunks = 0;
  let finish = null;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, cfg.expected);
  assert.ok(chunks > 1, `${chunks} chunk(s)`);
  assert.equal(finish, 'stop');
});

await check('tools: a tool call, then the answer to its result', async () => {
  const first = await client.chat.completions.create({
    model: cfg.alias,
    tools,
    tool_choice: 'auto',
    messages: [weatherQuestion],
  });
  const choice = first.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  const call = choice.message.tool_calls?.[0];
  assert.ok(call, JSON.stringify(choice.message));
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  const second = await client.chat.completions.create({
    model: cfg.alias,
    tools,
    messages: [
      weatherQuestion,
      choice.message,
      { role: 'tool', tool_call_id: call.id, content: 'Sunny, 24 C' },
    ],
  });
  assert.equal(second.choices[0].message.content, cfg.toolAnswer);
});

await check('streamed tools: argument fragments add up to the call', async () => {
  const stream = await client.chat.completions.create({
    model: cfg.alias,
    tools,
    messages: [weatherQuestion],
    stream: true,
  });
  let name = '';
  let args = '';
  let fragments = 0;
  let finish = null;
  for await (const chunk of stream) {
    for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
      name += call.function?.name ?? '';
      if (call.function?.arguments) {
        args += call.function.arguments;
        fragments++;
      }
    }
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(name, 'get_weather');
  assert.deepEqual(JSON.parse(args), { city: 'Paris' });
  assert.ok(fragments > 1, `${fragments} fragment(s)`);
  assert.equal(finish, 'tool_calls');
});

await check('a stream that breaks upstream raises an APIError in the SDK', async () => {
  const stream = await client.chat.completions.create({ model: cfg.brokenAlias, messages, stream: true });
  let text = '';
  const err = await rejection(
    (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })(),
  );
  assert.ok(err instanceof OpenAI.APIError, `got ${err?.constructor?.name}: ${err}`);
  assert.ok(text.length > 0, 'the text before the break was delivered');
});

await check('embeddings.create embeds with the local model beside the upstream aliases', async () => {
  const result = await client.embeddings.create({ model: cfg.embeddingModel, input: ['hello', 'world'] });
  assert.equal(result.data.length, 2);
  assert.ok(result.data[0].embedding.length > 0);
  assert.notDeepEqual(result.data[0].embedding, result.data[1].embedding);
});

finish('openai SDK over an Anthropic upstream');
