package dev.grounded.gateway.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.guard.Action;
import dev.grounded.guard.Finding;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Source;
import dev.grounded.guard.Verdict;
import dev.grounded.guard.redact.Pseudonymized;
import dev.grounded.guard.redact.Pseudonymizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Guards a call on both sides. Before it: every user message (as {@link Source#INPUT}) and tool
 * result (as {@link Source#CHUNK}: data that came from elsewhere, the indirect-injection surface);
 * system and assistant messages are the caller's own and pass unscanned. After it: the answer's
 * content (as {@link Source#OUTPUT}), a stream as it arrives. Redactions rewrite the texts; a block
 * fails the call with {@code guard_blocked} (HTTP 400) naming the findings' types.
 */
public final class GuardInterceptor implements Interceptor {
  private final Guardrails guardrails;
  private final GatewayListener listener;
  private final int holdBack;

  /**
   * @param holdBack characters of a streamed answer held back until the text after them is known,
   *     so that a span to redact is still unsent when it is found (0: stream at once, redactions
   *     may then miss spans cut across chunks; blocks still stop the stream)
   */
  public GuardInterceptor(Guardrails guardrails, GatewayListener listener, int holdBack) {
    this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (holdBack < 0) throw new IllegalArgumentException("holdBack must be >= 0");
    this.holdBack = holdBack;
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    RequestMetadata meta = request.metadata();
    GuardScope scope = new GuardScope(meta.tenant(), request.model());
    ObjectNode body = request.body();
    Pseudonymizer.Session session = new Pseudonymizer.Session();
    boolean changed = !meta.notes().inputGuarded() && guardMessages(body, scope, meta, session);
    ChatResponse response = chain.proceed(changed ? request.withBody(body) : request);
    Pseudonymized mapping = session.mapping();
    return switch (response) {
      case ChatResponse.Completion c -> guardCompletion(c, scope, meta, mapping);
      case ChatResponse.Streaming s ->
          new ChatResponse.Streaming(
              new GuardedStream(
                  s.chunks(),
                  text -> check(text, Source.OUTPUT, scope, meta),
                  holdBack,
                  session.isEmpty() ? null : mapping));
    };
  }

  /**
   * A text of the request after its verdict: pseudonymized and redacted spans replaced (both in one
   * pass, so offsets hold), or unchanged.
   */
  private static String rewrite(String text, Verdict v, Pseudonymizer.Session session) {
    List<Finding> pseudo = new ArrayList<>(), redact = new ArrayList<>();
    for (Verdict.Decision d : v.decisions())
      if (d.action() == Action.PSEUDONYMIZE) pseudo.add(d.finding());
      else if (d.action() == Action.REDACT) redact.add(d.finding());
    if (pseudo.isEmpty()) return v.text();
    return session.apply(text, pseudo, redact);
  }

  /**
   * Scans the request's messages, redacting and pseudonymizing in place; throws when one is
   * blocked.
   */
  private boolean guardMessages(
      ObjectNode body, GuardScope scope, RequestMetadata meta, Pseudonymizer.Session session) {
    boolean changed = false;
    TreeSet<String> blocked = new TreeSet<>();
    JsonNode messages = body.path("messages");
    for (JsonNode m : messages) {
      String role = m.path("role").asText("");
      Source source =
          switch (role) {
            case "user" -> Source.INPUT;
            case "tool", "function" -> Source.CHUNK;
            default -> null;
          };
      if (source == null || !(m instanceof ObjectNode message)) continue;
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        Verdict v = check(content.asText(), source, scope, meta);
        String text = v.blocked() ? content.asText() : rewrite(content.asText(), v, session);
        if (v.blocked()) blocked.addAll(v.typesWith(Action.BLOCK));
        else if (!text.equals(content.asText())) {
          message.put("content", text);
          changed = true;
        }
      } else if (content instanceof ArrayNode parts) {
        for (JsonNode part : parts) {
          if (!(part instanceof ObjectNode p) || !p.path("text").isTextual()) continue;
          String original = p.get("text").asText();
          Verdict v = check(original, source, scope, meta);
          String text = v.blocked() ? original : rewrite(original, v, session);
          if (v.blocked()) blocked.addAll(v.typesWith(Action.BLOCK));
          else if (!text.equals(original)) {
            p.put("text", text);
            changed = true;
          }
        }
      }
    }
    if (!blocked.isEmpty())
      throw new GroundedException(
          ErrorCode.GUARD_BLOCKED,
          "the request was blocked by guardrails: " + String.join(", ", blocked),
          "messages",
          null);
    return changed;
  }

  private ChatResponse.Completion guardCompletion(
      ChatResponse.Completion c, GuardScope scope, RequestMetadata meta, Pseudonymized mapping) {
    ObjectNode body = c.body();
    boolean changed = false;
    for (JsonNode choice : body.path("choices")) {
      if (!(choice.path("message") instanceof ObjectNode message)) continue;
      // pseudonymized values come back in the answer and in the arguments of tool calls
      for (JsonNode call : message.path("tool_calls"))
        if (call.path("function") instanceof ObjectNode fn && fn.path("arguments").isTextual()) {
          String restored = mapping.restore(fn.get("arguments").asText());
          if (!restored.equals(fn.get("arguments").asText())) {
            fn.put("arguments", restored);
            changed = true;
          }
        }
      JsonNode content = message.get("content");
      if (content == null || !content.isTextual()) continue;
      String answer = mapping.restore(content.asText());
      if (!answer.equals(content.asText())) {
        message.put("content", answer);
        changed = true;
      }
      content = message.get("content");
      Verdict v = check(content.asText(), Source.OUTPUT, scope, meta);
      if (v.blocked()) throw blockedOutput(v);
      if (!v.text().equals(content.asText())) {
        message.put("content", v.text());
        changed = true;
      }
    }
    return changed ? new ChatResponse.Completion(body, c.usage()) : c;
  }

  static GroundedException blockedOutput(Verdict v) {
    return new GroundedException(
        ErrorCode.GUARD_BLOCKED,
        "the model's answer was blocked by guardrails: "
            + String.join(", ", v.typesWith(Action.BLOCK)),
        null,
        null);
  }

  /** One text through the guardrails, what was done noted and reported. */
  private Verdict check(String text, Source source, GuardScope scope, RequestMetadata meta) {
    Verdict v = guardrails.check(text, source, scope);
    if (v.action() == Action.ALLOW) return v;
    for (Verdict.Decision d : v.decisions())
      meta.notes().guarded(d.action().wireName(), d.finding().type());
    listener.onEvent(GatewayEvent.GuardActed.of(meta.requestId(), source, v));
    return v;
  }
}
