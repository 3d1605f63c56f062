package dev.grounded.gateway.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.Chain;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Interceptor;
import dev.grounded.gateway.chain.Usage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces a {@link ToolAllowlist}: a request declaring a tool the caller may not use is refused
 * ({@code forbidden}, 403, naming the tool) before anything else sees it, and so is a request whose
 * {@code tool_choice} names one; an answer calling a tool the caller may not use (a model can call
 * a tool it was not given) fails with {@code guard_blocked}, a stream at the chunk that names it.
 */
public final class ToolAllowlistInterceptor implements Interceptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ToolAllowlist allowlist;

  public ToolAllowlistInterceptor(ToolAllowlist allowlist) {
    this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
  }

  @Override
  public ChatResponse intercept(Chain chain) {
    ChatRequest request = chain.request();
    Optional<List<String>> allowed =
        allowlist.allowedFor(request.metadata().tenant(), request.metadata().keyId());
    if (allowed.isEmpty()) return chain.proceed(request);
    List<String> globs = allowed.get();
    for (JsonNode tool : request.tools().orElse(JSON.createArrayNode())) {
      String name = tool.path("function").path("name").asText(tool.path("name").asText(""));
      if (!ToolAllowlist.allowed(globs, name))
        throw new GroundedException(
            ErrorCode.FORBIDDEN,
            "tool '"
                + name
                + "' is not allowed for this key (allowed: "
                + String.join(", ", globs)
                + ")",
            "tools",
            null);
    }
    String chosen = request.body().path("tool_choice").path("function").path("name").asText("");
    if (!chosen.isEmpty() && !ToolAllowlist.allowed(globs, chosen))
      throw new GroundedException(
          ErrorCode.FORBIDDEN,
          "tool '" + chosen + "' is not allowed for this key",
          "tool_choice",
          null);
    ChatResponse response = chain.proceed(request);
    return switch (response) {
      case ChatResponse.Completion c -> {
        for (JsonNode choice : c.body().path("choices"))
          for (JsonNode call : choice.path("message").path("tool_calls")) check(globs, call);
        yield c;
      }
      case ChatResponse.Streaming s -> new ChatResponse.Streaming(new Checked(s.chunks(), globs));
    };
  }

  static void check(List<String> globs, JsonNode call) {
    JsonNode name = call.path("function").path("name");
    if (name.isTextual()
        && !name.asText().isEmpty()
        && !ToolAllowlist.allowed(globs, name.asText()))
      throw new GroundedException(
          ErrorCode.GUARD_BLOCKED,
          "the model called tool '" + name.asText() + "', which is not allowed for this key",
          null,
          null);
  }

  /** A stream whose tool-call chunks are checked as they pass. */
  private record Checked(ChunkStream inner, List<String> globs) implements ChunkStream {
    @Override
    public Optional<String> next() {
      Optional<String> next = inner.next();
      if (next.isPresent() && next.get().contains("\"tool_calls\"")) {
        try {
          for (JsonNode choice : JSON.readTree(next.get()).path("choices"))
            for (JsonNode call : choice.path("delta").path("tool_calls")) check(globs, call);
        } catch (JsonProcessingException e) {
          return next; // not ours to judge: the server reports malformed chunks
        } catch (GroundedException e) {
          inner.close();
          throw e;
        }
      }
      return next;
    }

    @Override
    public Optional<Usage> usage() {
      return inner.usage();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
