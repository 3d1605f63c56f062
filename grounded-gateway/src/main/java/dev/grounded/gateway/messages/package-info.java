/**
 * The inbound Anthropic Messages API: clients written for Anthropic's SDKs call Grounded's {@code
 * POST /v1/messages}, and the same chain that serves {@code /v1/chat/completions} answers them.
 *
 * <p>{@link dev.grounded.gateway.messages.MessagesRequest} translates a Messages API request into
 * the chain's OpenAI-shaped {@link dev.grounded.gateway.chain.ChatRequest} body (system, text,
 * image, {@code tool_use} and {@code tool_result} blocks, tools, {@code tool_choice}, {@code
 * max_tokens}, sampling, stop sequences, {@code metadata.user_id}, {@code stream}); {@link
 * dev.grounded.gateway.messages.MessagesReply} turns the chain's {@code chat.completion} into a
 * {@code message}; {@link dev.grounded.gateway.messages.MessagesStream} translates a streamed
 * completion chunk by chunk, as each arrives, into Anthropic's server-sent events; {@link
 * dev.grounded.gateway.messages.MessagesErrors} gives every failure Anthropic's error shape. This
 * is the opposite direction of the {@code provider} package's Anthropic translators (which speak
 * the Messages API to an upstream), so the two share no code beyond the chain's types.
 */
package dev.grounded.gateway.messages;
