package dev.grounded.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.RequestMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cache keys of one request: SHA-256 over canonical JSON (object keys sorted, no whitespace,
 * numbers without trailing zeros) of everything that changes the answer — tenant, model, prompt
 * version, collection version and the request body less the fields that only change its delivery
 * ({@link #DELIVERY_FIELDS}).
 *
 * @param exact the whole normalized request
 * @param rest everything but the last user turn's text: entries sharing it are the semantic cache's
 *     candidates
 * @param lastUserTurn the last user message's text, empty when it has none or has non-text parts
 *     (images, audio): such a request is only matched exactly
 */
public record CacheKeys(String exact, String rest, Optional<String> lastUserTurn) {
  /** Request header naming the prompt's version (versioned prompts set it). */
  public static final String PROMPT_VERSION = "x-grounded-prompt-version";

  /** Request metadata header the {@code rag:} path sets to the collection's content version. */
  public static final String COLLECTION_VERSION = "x-grounded-collection-version";

  /** Body fields that do not change the answer, only how it is delivered or accounted. */
  static final Set<String> DELIVERY_FIELDS =
      Set.of("stream", "stream_options", "user", "cache", "metadata", "store");

  public CacheKeys {
    Objects.requireNonNull(exact, "exact");
    Objects.requireNonNull(rest, "rest");
    Objects.requireNonNull(lastUserTurn, "lastUserTurn");
  }

  public static CacheKeys of(ChatRequest request) {
    ObjectNode body = request.body();
    for (String f : DELIVERY_FIELDS) body.remove(f);
    List<String> nulls = new ArrayList<>();
    body.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) nulls.add(e.getKey());
            });
    body.remove(nulls); // "temperature": null is the same request as no temperature
    RequestMetadata m = request.metadata();
    String scope =
        canonical(TextNode.valueOf(m.tenant()))
            + canonical(TextNode.valueOf(request.model()))
            + canonical(TextNode.valueOf(m.header(PROMPT_VERSION).orElse("")))
            + canonical(TextNode.valueOf(m.header(COLLECTION_VERSION).orElse("")));
    String exact = sha256(scope + canonical(body));
    ArrayNode messages = (ArrayNode) body.get("messages");
    int last = -1;
    for (int i = messages.size() - 1; i >= 0 && last < 0; i--)
      if (messages.get(i).path("role").asText().equals("user")) last = i;
    Optional<String> turn = last < 0 ? Optional.empty() : text(messages.get(last).get("content"));
    if (last >= 0) ((ObjectNode) messages.get(last)).put("content", "");
    return new CacheKeys(exact, sha256(scope + "|rest|" + canonical(body)), turn);
  }

  /** The text of a message's content: a string, or text parts only. */
  private static Optional<String> text(JsonNode content) {
    if (content == null) return Optional.empty();
    if (content.isTextual()) return Optional.of(content.asText());
    if (!content.isArray()) return Optional.empty();
    List<String> parts = new ArrayList<>();
    for (JsonNode p : content) {
      if (!p.path("type").asText().equals("text") || !p.path("text").isTextual())
        return Optional.empty();
      parts.add(p.get("text").asText());
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", parts));
  }

  /** Canonical JSON: keys sorted, no whitespace, numbers in plain form without trailing zeros. */
  static String canonical(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode n, StringBuilder sb) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      sb.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) sb.append(',');
        sb.append(TextNode.valueOf(names.get(i)));
        sb.append(':');
        write(n.get(names.get(i)), sb);
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) sb.append(',');
        write(n.get(i), sb);
      }
      sb.append(']');
    } else if (n.isNumber()) {
      var d = n.decimalValue();
      sb.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    } else sb.append(n); // strings (escaped), booleans, null
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
