/**
 * Providers: the chain's last stage, one upstream call per request over a vendor's real wire
 * protocol.
 *
 * <p>{@link dev.grounded.gateway.provider.Provider} is the SPI (a name and one {@code chat}
 * method); {@link dev.grounded.gateway.provider.ProviderInterceptor} puts one at the end of the
 * chain. {@link dev.grounded.gateway.provider.OpenAiCompatibleProvider} speaks OpenAI's chat
 * completions protocol over a {@link java.net.http.HttpClient} passed in (its executor does the
 * I/O; providers start no threads): the caller's JSON goes upstream unchanged, {@code stream: true}
 * answers are passed on one server-sent event at a time, and the upstream's errors become {@link
 * dev.grounded.gateway.chain.UpstreamException}s (429 → {@code rate_limited} with Retry-After, 5xx
 * and broken connections → retriable {@code upstream_error}, 400 → {@code invalid_request} with the
 * upstream's message). A provider returns a stream only once the first chunk has arrived, so every
 * failure a retry could fix is thrown before the caller has seen any text.
 *
 * <p>{@link dev.grounded.gateway.provider.AnthropicProvider} speaks Anthropic's Messages API behind
 * the same OpenAI-shaped request and response: {@code AnthropicRequests} translates the request
 * (system, images, tools, tool results, {@code response_format}), {@code AnthropicResponses} the
 * reply, {@code AnthropicStream} each server-sent event as it arrives into a {@code
 * chat.completion.chunk}; errors are mapped by the same {@code UpstreamErrors}.
 *
 * <p>{@code SseStream}, {@code UpstreamErrors} and the {@code Anthropic*} translators are internal.
 */
package dev.grounded.gateway.provider;
