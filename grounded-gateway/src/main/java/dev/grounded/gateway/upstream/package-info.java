/**
 * Calls to model providers. {@link dev.grounded.gateway.upstream.ChatClient} speaks the
 * OpenAI-compatible chat completions protocol (any such server: OpenAI, vLLM, Ollama, llama.cpp,
 * Grounded itself) with retries on rate limits and server errors; the interceptor chain (routing,
 * caching, budgets, ledger) will wrap it.
 */
package dev.grounded.gateway.upstream;
