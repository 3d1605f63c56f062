package dev.grounded.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Source;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guarded stream on OpenAI chunk payloads cut at random places (seeded, {@code
 * -Dguard.seed=N}), two choices interleaved: with a hold-back at least as long as the shortest span
 * to hide, the text that comes out equals the guarded whole, whatever the cuts.
 */
class GuardedStreamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final GuardScope SCOPE = new GuardScope("t", "m");

  /** The shortest text the test's key pattern (sk- and 20 more) matches. */
  static final int MIN_KEY = 23;

  /** A stream of prepared payloads. */
  record Payloads(ArrayDeque<String> queue) implements ChunkStream {
    @Override
    public Optional<String> next() {
      return Optional.ofNullable(queue.poll());
    }

    @Override
    public void close() {}
  }

  static String chunk(int index, String content, String finish) {
    ObjectNode c = JSON.createObjectNode().put("id", "x").put("object", "chat.completion.chunk");
    ObjectNode choice = c.putArray("choices").addObject().put("index", index);
    ObjectNode delta = choice.putObject("delta");
    if (content != null) delta.put("content", content);
    if (finish != null) choice.put("finish_reason", finish);
    else choice.putNull("finish_reason");
    return c.toString();
  }

  static List<String> cut(String text, Random random) {
    List<String> parts = new ArrayList<>();
    for (int at = 0; at < text.length(); ) {
      int n = 1 + random.nextInt(12);
      parts.add(text.substring(at, Math.min(text.length(), at + n)));
      at += n;
    }
    return parts;
  }

  static Map<Integer, String> drain(ChunkStream s) throws Exception {
    Map<Integer, StringBuilder> out = new HashMap<>();
    for (Optional<String> p = s.next(); p.isPresent(); p = s.next()) {
      JsonNode choice = JSON.readTree(p.get()).path("choices").path(0);
      JsonNode content = choice.path("delta").path("content");
      if (content.isTextual())
        out.computeIfAbsent(choice.path("index").asInt(), i -> new StringBuilder())
            .append(content.asText());
    }
    Map<Integer, String> texts = new HashMap<>();
    out.forEach((i, b) -> texts.put(i, b.toString()));
    return texts;
  }

  @Test
  void interleavedChoicesCutAnywhereAreEachRedactedWhole() throws Exception {
    long seed = Long.getLong("guard.seed", System.nanoTime());
    Random random = new Random(seed);
    String first = "The key is sk-abcdefghijklmnopqrstuvwxyz and that is all for the first answer.";
    String second =
        "Mail ada@example.org or use sk-zyxwvutsrqponmlkjihgfedcba, said the second one.";
    for (int round = 0; round < 200; round++) {
      int holdBack = random.nextInt(48);
      ArrayDeque<String> q = new ArrayDeque<>();
      List<String> a = cut(first, random), b = cut(second, random);
      int i = 0, j = 0;
      while (i < a.size() || j < b.size()) {
        if (j >= b.size() || (i < a.size() && random.nextBoolean()))
          q.add(chunk(0, a.get(i++), null));
        else q.add(chunk(1, b.get(j++), null));
      }
      q.add(chunk(0, null, "stop"));
      q.add(chunk(1, null, "stop"));
      GuardedStream s =
          new GuardedStream(
              new Payloads(q),
              text -> GuardInterceptorTest.GUARDRAILS.check(text, Source.OUTPUT, SCOPE),
              holdBack,
              null);
      Map<Integer, String> out = drain(s);
      String why = "seed " + seed + ", hold-back " + holdBack;
      if (holdBack >= MIN_KEY) {
        assertThat(out.get(0))
            .as(why)
            .isEqualTo(first.replace("sk-abcdefghijklmnopqrstuvwxyz", "[SECRET]"));
        assertThat(out.get(1))
            .as(why)
            .isEqualTo(second.replace("sk-zyxwvutsrqponmlkjihgfedcba", "[SECRET]"));
      } else {
        // shorter than the shortest key: a key's first characters may go out before they are a
        // key, never the whole of it
        assertThat(out.get(0)).as(why).doesNotContain("sk-abcdefghijklmnopqrstuvwxyz");
        assertThat(out.get(1)).as(why).doesNotContain("sk-zyxwvutsrqponmlkjihgfedcba");
      }
    }
  }

  @Test
  void aViolationInTheSecondChoiceEndsTheStream() {
    ArrayDeque<String> q = new ArrayDeque<>();
    q.add(chunk(0, "A fine answer about cooking.", null));
    q.add(chunk(1, "First you build a ", null));
    q.add(chunk(1, "bomb from these parts", null));
    q.add(chunk(1, null, "stop"));
    GuardedStream s =
        new GuardedStream(
            new Payloads(q),
            text -> GuardInterceptorTest.GUARDRAILS.check(text, Source.OUTPUT, SCOPE),
            8,
            null);
    assertThatThrownBy(() -> drain(s))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.getMessage()).contains("policy.harmful"));
  }
}
