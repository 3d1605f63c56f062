package dev.grounded.gateway.alias;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers requests for configured aliases: a request for alias {@code fast} goes to the provider
 * and upstream model of its first target, and the answer comes back named {@code fast} (the {@code
 * model} field of the completion and of every stream chunk), so a client sees the name it asked
 * for. Thread-safe and immutable.
 */
public final class AliasProvider implements Provider {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, ModelAlias> aliases;
  private final Map<String, Provider> providers;

  /**
   * @param aliases the configured aliases; names must be unique
   * @param providers every provider a target names, by name
   * @throws IllegalArgumentException an alias naming a provider that is not given, or a duplicate
   */
  public AliasProvider(List<ModelAlias> aliases, Map<String, Provider> providers) {
    Map<String, ModelAlias> byName = new LinkedHashMap<>();
    for (ModelAlias a : aliases) {
      if (byName.putIfAbsent(a.name(), a) != null)
        throw new IllegalArgumentException("alias " + a.name() + " is configured twice");
      for (ModelTarget t : a.targets())
        if (!providers.containsKey(t.provider()))
          throw new IllegalArgumentException(
              "alias "
                  + a.name()
                  + " names provider '"
                  + t.provider()
                  + "', which is not configured");
    }
    this.aliases = java.util.Collections.unmodifiableMap(byName);
    this.providers = Map.copyOf(providers);
  }

  /**
   * Aliases over OpenAI-compatible providers sharing one {@link HttpClient} (which must have a
   * connect timeout; its executor runs the I/O).
   *
   * @param env where each provider's key variable is looked up ({@code System.getenv()})
   */
  public static AliasProvider openAiCompatible(
      List<ProviderConfig> providers,
      List<ModelAlias> aliases,
      HttpClient http,
      Map<String, String> env) {
    Map<String, Provider> byName = new LinkedHashMap<>();
    for (ProviderConfig c : providers)
      if (byName.putIfAbsent(c.name(), new OpenAiCompatibleProvider(c, http, env)) != null)
        throw new IllegalArgumentException("provider " + c.name() + " is configured twice");
    return new AliasProvider(aliases, byName);
  }

  @Override
  public String name() {
    return "aliases";
  }

  /** The alias names, in configuration order. */
  public Set<String> names() {
    return aliases.keySet();
  }

  public Optional<ModelAlias> alias(String name) {
    return Optional.ofNullable(aliases.get(name));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String asked = request.model();
    ModelAlias alias =
        alias(asked)
            .orElseThrow(
                () ->
                    new GroundedException(
                        ErrorCode.MODEL_NOT_FOUND,
                        "the model '" + asked + "' is not a configured alias",
                        "model",
                        null));
    ModelTarget target = alias.primary();
    Provider provider = Objects.requireNonNull(providers.get(target.provider()));
    return switch (provider.chat(request.withModel(target.model()))) {
      case ChatResponse.Completion c -> c.withModel(asked);
      case ChatResponse.Streaming s -> new ChatResponse.Streaming(renamed(s.chunks(), asked));
    };
  }

  /** The stream with each chunk's {@code model} replaced by the alias. */
  private static ChunkStream renamed(ChunkStream chunks, String alias) {
    return new ChunkStream() {
      @Override
      public Optional<String> next() {
        return chunks.next().map(payload -> rename(payload, alias));
      }

      @Override
      public void close() {
        chunks.close();
      }
    };
  }

  private static String rename(String payload, String alias) {
    try {
      JsonNode n = JSON.readTree(payload);
      if (n instanceof ObjectNode o && o.has("model")) {
        o.put("model", alias);
        return o.toString();
      }
    } catch (IOException e) {
      // the provider already refuses malformed chunks; pass anything else on unchanged
    }
    return payload;
  }
}
