package dev.grounded.gateway.structured;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayEvent.OutputChecked;
import dev.grounded.gateway.chain.GatewayEvent.OutputChecked.Outcome;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.guard.json.Fix;
import dev.grounded.guard.json.SchemaValidator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outer half of the structured-output stage. For a request whose {@code response_format} asks
 * for JSON ({@code json_object}, or {@code json_schema} with a draft 2020-12 schema): checks the
 * schema before any call (a bad one is a 400 {@code invalid_request} naming it), calls on, answers
 * with the reply's JSON (repaired when it had to be), and when {@link OutputCheckInterceptor}
 * reports a reply still invalid, asks the model again: the conversation plus its reply and a user
 * turn listing the violations and asking for only the corrected JSON, up to {@code maxReasks}
 * times. Then the last {@link InvalidOutput} goes to the caller (502 {@code upstream_error} naming
 * the violations). Usage counts every call. A streaming request is sent upstream whole and its
 * checked answer streamed back in one piece (a JSON value cannot be checked before its end).
 * Outcomes go to the listener and the {@link StructuredOutputStats}.
 */
final class StructuredOutputInterceptor implements Interceptor {
  private final SchemaValidator validator;
  private final int maxReasks;
  private final StructuredOutputStats stats;
  private final GatewayListener listener;

  StructuredOutputInterceptor(
      SchemaValidator validator,
      int maxReasks,
      StructuredOutputStats stats,
      GatewayListener listener) {
    this.validator = validator;
    this.maxReasks = maxReasks;
    this.stats = stats;
    this.listener = listener;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    Optional<ResponseFormat> format = ResponseFormat.of(request, validator);
    if (format.isEmpty()) return chain.proceed(request);
    ChatRequest attempt = request.stream() ? whole(request) : request;
    Usage spent = Usage.NONE;
    for (int reasks = 0; ; reasks++) {
      ChatResponse response;
      try {
        response = chain.proceed(attempt);
      } catch (InvalidOutput e) {
        spent = Replies.plus(spent, e.usage());
        if (reasks >= maxReasks) {
          report(request, Outcome.FAILED, reasks, Set.of());
          request.metadata().notes().failedUsage(spent); // for the ledger and the budget
          throw e.after(reasks + 1, spent);
        }
        attempt = reask(attempt, e);
        continue;
      }
      if (!(response instanceof ChatResponse.Completion c)) return response;
      Optional<String> text = Replies.content(c);
      if (text.isEmpty()) return response; // tool calls or a refusal: nothing to check
      Verdict v = Verdict.of(text.get(), format.get(), validator);
      if (!v.valid())
        throw new IllegalStateException(
            "StructuredOutputInterceptor needs OutputCheckInterceptor right after it: use"
                + " StructuredOutput.stages()");
      Outcome outcome =
          reasks > 0 ? Outcome.REASKED : v.fixes().isEmpty() ? Outcome.VALID : Outcome.REPAIRED;
      report(request, outcome, reasks, v.fixes());
      Usage total = Replies.plus(spent, c.usage());
      ChatResponse.Completion answer =
          v.fixes().isEmpty() && reasks == 0 ? c : Replies.answer(c, v.json().orElseThrow(), total);
      if (!request.stream()) return answer;
      boolean usage = request.body().path("stream_options").path("include_usage").asBoolean(false);
      return new ChatResponse.Streaming(new ReplayedStream(answer, usage));
    }
  }

  private void report(ChatRequest request, Outcome outcome, int reasks, Set<Fix> fixes) {
    stats.record(outcome, reasks, fixes);
    listener.onEvent(new OutputChecked(request.metadata().requestId(), outcome, reasks, fixes));
  }

  /** The request asked for without streaming: its answer must be whole to be checked. */
  private static ChatRequest whole(ChatRequest request) {
    ObjectNode body = request.body();
    body.put("stream", false);
    body.remove("stream_options");
    return request.withBody(body);
  }

  /** The conversation so far, the invalid reply, and a user turn naming what to correct. */
  static ChatRequest reask(ChatRequest attempt, InvalidOutput invalid) {
    ObjectNode body = attempt.body();
    ArrayNode messages = (ArrayNode) body.get("messages");
    messages.addObject().put("role", "assistant").put("content", invalid.reply());
    messages.addObject().put("role", "user").put("content", instructions(invalid));
    return attempt.withBody(body);
  }

  static String instructions(InvalidOutput invalid) {
    String list =
        invalid.violations().stream()
            .limit(InvalidOutput.MAX_NAMED)
            .map(v -> "- " + v)
            .collect(Collectors.joining("\n"));
    return "Your reply does not match the required JSON format:\n"
        + list
        + "\nReply with only the corrected JSON value: no code fence, no explanation.";
  }
}
