package dev.grounded.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.RequestMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends requests for {@code model} that match every condition to {@code alias}. Conditions left out
 * match everything.
 *
 * @param model the model name callers use for rule routing, e.g. {@code auto}
 * @param lastUserMessage a regular expression found ({@link java.util.regex.Matcher#find()})
 *     somewhere in the text of the last user message
 * @param length bounds on the prompt's length
 * @param metadata key/value pairs that must all be equal: {@code tenant}, {@code key_id} and {@code
 *     user} are the caller's; {@code header:<name>} is the request header {@code <name>}
 *     (lower-case; the server passes on {@code x-grounded-*} headers); any other key is read from
 *     the request's OpenAI {@code metadata} object
 * @param alias the alias a matching request goes to
 */
public record Rule(
    String model,
    Optional<Pattern> lastUserMessage,
    PromptLength length,
    Map<String, String> metadata,
    String alias) {
  /**
   * The prefix of a {@code metadata} key naming a request header: {@code header:x-grounded-tier}.
   */
  public static final String HEADER = "header:";

  public Rule {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(lastUserMessage, "lastUserMessage");
    Objects.requireNonNull(length, "length");
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    Objects.requireNonNull(alias, "alias");
    if (model.isBlank()) throw new IllegalArgumentException("rule model must not be blank");
    if (alias.isBlank()) throw new IllegalArgumentException("rule alias must not be blank");
  }

  /** Whether {@code request} names this rule's model and meets every condition. */
  public boolean matches(ChatRequest request) {
    if (!request.model().equals(model)) return false;
    JsonNode messages = request.messages();
    if (lastUserMessage.isPresent()
        && !lastUserMessage.get().matcher(PromptText.lastUserMessage(messages)).find())
      return false;
    if (!length.admits(PromptText.length(messages))) return false;
    for (Map.Entry<String, String> e : metadata.entrySet())
      if (!e.getValue().equals(metadataValue(request, e.getKey()))) return false;
    return true;
  }

  private static String metadataValue(ChatRequest request, String key) {
    RequestMetadata m = request.metadata();
    return switch (key) {
      case "tenant" -> m.tenant();
      case "key_id" -> m.keyId();
      case "user" -> m.user();
      default -> {
        if (key.startsWith(HEADER)) yield m.header(key.substring(HEADER.length())).orElse(null);
        JsonNode v = request.body().path("metadata").path(key);
        yield v.isTextual() ? v.asText() : null;
      }
    };
  }

  /**
   * Inclusive bounds on a prompt's length (every message's text, all roles) in characters or in
   * estimated tokens (characters / 4, rounded up: the gateway has no tokenizer for every model).
   */
  public record PromptLength(long min, long max, Unit unit) {
    public static final PromptLength ANY = new PromptLength(0, Long.MAX_VALUE, Unit.CHARACTERS);

    public enum Unit {
      CHARACTERS,
      TOKENS
    }

    public PromptLength {
      Objects.requireNonNull(unit, "unit");
      if (min < 0 || max < min)
        throw new IllegalArgumentException("need 0 <= min <= max, not " + min + ".." + max);
    }

    boolean admits(long characters) {
      long n = unit == Unit.CHARACTERS ? characters : (characters + 3) / 4;
      return n >= min && n <= max;
    }
  }
}
