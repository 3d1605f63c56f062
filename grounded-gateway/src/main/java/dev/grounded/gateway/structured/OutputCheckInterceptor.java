package dev.grounded.gateway.structured;

import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.guard.json.SchemaValidator;
import dev.grounded.guard.json.SchemaValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inner half of the structured-output stage, right after {@link StructuredOutputInterceptor}:
 * lets a reply through when its text matches the request's {@code response_format} as it is or
 * repaired, and throws {@link InvalidOutput} otherwise. Throwing is what lets the outer half call
 * the chain again with a re-ask (a stage may call on again only after a call threw). Replies
 * without text (tool calls, a refusal) and streams pass unchecked.
 */
final class OutputCheckInterceptor implements Interceptor {
  private final SchemaValidator validator;

  OutputCheckInterceptor(SchemaValidator validator) {
    this.validator = validator;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    Optional<ResponseFormat> format = ResponseFormat.of(request, validator);
    ChatResponse response = chain.proceed(request);
    if (format.isEmpty() || !(response instanceof ChatResponse.Completion c)) return response;
    Optional<String> text = Replies.content(c);
    if (text.isEmpty()) return response;
    Verdict v = Verdict.of(text.get(), format.get(), validator);
    if (v.valid()) return response;
    List<Violation> violations = new ArrayList<>(v.violations());
    if (Replies.finishReason(c).equals("length"))
      violations.add(
          new Violation(
              "",
              "the reply was cut off at the token limit (finish_reason length): write the JSON"
                  + " more compactly"));
    throw new InvalidOutput(text.get(), violations, c.usage(), 1);
  }
}
