package dev.grounded.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script for {@link FakeOpenAiUpstream}: a sloppy model asked for a person as JSON matching
 * {@link #SCHEMA}. Each reply (the first, and each re-ask: a request with assistant turns in it) is
 * the case's person written with one {@link Defect} drawn at random from a fixed mixture, seeded by
 * the seed, the case (from "case N" in the first user turn) and the attempt, so a test can know
 * every reply in advance ({@link #defect}). A re-ask is answered more carefully: the defects no
 * repair can fix are drawn half as often.
 */
public final class FakeJsonModel
    implements BiFunction<Integer, JsonNode, FakeOpenAiUpstream.Behaviour> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CASE = Pattern.compile("case (\\d+)");

  /** The schema the caller sends: a person with a name, an age, tags and an active flag. */
  public static final String SCHEMA =
      """
      {"type": "object", "additionalProperties": false,
       "required": ["name", "age", "tags", "active"],
       "properties": {
         "name": {"type": "string", "minLength": 1},
         "age": {"type": "integer", "minimum": 0},
         "tags": {"type": "array", "items": {"type": "string"}},
         "active": {"type": "boolean"},
         "nickname": {"type": ["string", "null"]}}}
      """;

  /** How one reply is written. */
  public enum Defect {
    NONE(25, true),
    PRETTY(5, true),
    FENCE(10, true),
    PROSE(8, true),
    TRAILING_COMMA(7, true),
    SINGLE_QUOTES(6, true),
    UNQUOTED_KEYS(6, true),
    PYTHON_LITERALS(5, true),
    COMMENTS(3, true),
    CUT_CLOSERS(5, true),
    MISSING_FIELD(6, false),
    WRONG_TYPE(5, false),
    EXTRA_FIELD(3, false),
    GARBAGE(6, false);

    final int weight;

    /** Whether the reply is valid as written or once repaired; otherwise only a re-ask helps. */
    public final boolean recoverable;

    Defect(int weight, boolean recoverable) {
      this.weight = weight;
      this.recoverable = recoverable;
    }
  }

  private final long seed;

  public FakeJsonModel(long seed) {
    this.seed = seed;
  }

  /** The first user turn of case {@code n}. */
  public static String question(int n) {
    return "case " + n + ": describe a person as JSON";
  }

  /** The defect of case {@code n}'s reply to attempt {@code attempt} (0: the first call). */
  public Defect defect(int n, int attempt) {
    // mixed, not added: java.util.Random's first draws from nearby seeds are correlated
    Random r = new Random(mix(mix(mix(seed) + n) + attempt));
    int total = 0;
    for (Defect d : Defect.values()) total += weight(d, attempt);
    int pick = r.nextInt(total);
    for (Defect d : Defect.values()) {
      pick -= weight(d, attempt);
      if (pick < 0) return d;
    }
    throw new AssertionError();
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static int weight(Defect d, int attempt) {
    return attempt == 0 || d.recoverable ? 2 * d.weight : d.weight;
  }

  /** The person of case {@code n}, as valid JSON. */
  public static ObjectNode person(int n) {
    Random r = new Random(n);
    ObjectNode p = JSON.createObjectNode();
    p.put("name", new String[] {"Ada", "Grace O'Hara", "Linus \"L\" T.", "Zoë"}[r.nextInt(4)]);
    p.put("age", 18 + r.nextInt(60));
    var tags = p.putArray("tags");
    for (int i = r.nextInt(3); i > 0; i--) tags.add(new String[] {"x", "it's", "a,b"}[i]);
    p.put("active", r.nextBoolean());
    if (r.nextBoolean()) p.putNull("nickname");
    return p;
  }

  @Override
  public FakeOpenAiUpstream.Behaviour apply(Integer number, JsonNode request) {
    int n = caseOf(request);
    int attempt = 0;
    for (JsonNode m : request.path("messages"))
      if (m.path("role").asText().equals("assistant")) attempt++;
    return FakeOpenAiUpstream.answer(write(person(n), defect(n, attempt)));
  }

  private static int caseOf(JsonNode request) {
    for (JsonNode m : request.path("messages"))
      if (m.path("role").asText().equals("user")) {
        Matcher c = CASE.matcher(m.path("content").asText());
        if (c.find()) return Integer.parseInt(c.group(1));
      }
    throw new IllegalArgumentException("no 'case N' in the first user turn");
  }

  /** {@code person} written with {@code d}. */
  public static String write(ObjectNode person, Defect d) {
    String json = person.toString();
    return switch (d) {
      case NONE -> json;
      case PRETTY -> person.toPrettyString();
      case FENCE -> "```json\n" + person.toPrettyString() + "\n```";
      case PROSE -> "Sure! Here is the person you asked for:\n" + json + "\nLet me know if not.";
      case TRAILING_COMMA -> json.replaceAll("(\"|\\d|true|false|null)([}\\]])", "$1,$2");
      case SINGLE_QUOTES -> loose(person, "'", "'");
      case UNQUOTED_KEYS -> loose(person, "", "\"");
      case PYTHON_LITERALS ->
          loose(person, "\"", "\"")
              .replace("true", "True")
              .replace("false", "False")
              .replace("null", "None");
      case COMMENTS ->
          "{\n  // the person\n  " + json.substring(1).replace(",\"", ", /* next */ \"");
      case CUT_CLOSERS -> json.substring(0, json.length() - 1);
      case MISSING_FIELD -> without(person, "age").toString();
      case WRONG_TYPE -> person.deepCopy().put("age", "forty-two").toString();
      case EXTRA_FIELD -> person.deepCopy().put("email", "a@example.com").toString();
      case GARBAGE -> "I'm sorry, I can only describe people in prose: a cheerful person.";
    };
  }

  private static ObjectNode without(ObjectNode p, String field) {
    ObjectNode copy = p.deepCopy();
    copy.remove(field);
    return copy;
  }

  /** The object with keys quoted by {@code keyQuote} and strings by {@code quote}, one level. */
  private static String loose(ObjectNode p, String keyQuote, String quote) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      if (b.length() > 1) b.append(", ");
      b.append(keyQuote).append(e.getKey()).append(keyQuote).append(": ");
      b.append(value(e.getValue(), quote));
    }
    return b.append('}').toString();
  }

  private static String value(JsonNode v, String quote) {
    if (v.isTextual()) {
      String s = v.asText().replace("\\", "\\\\");
      return quote.equals("'")
          ? "'" + s.replace("'", "\\'") + "'"
          : "\"" + s.replace("\"", "\\\"") + "\"";
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (JsonNode x : v) b.append(b.length() > 1 ? ", " : "").append(value(x, quote));
      return b.append(']').toString();
    }
    return v.toString();
  }
}
