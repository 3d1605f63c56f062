package dev.grounded.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.AliasRouter;
import dev.grounded.gateway.routing.WeightedTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alias versions through the real router: labels, a sticky split, rollback, a bad provider. */
class RegisteredAliasesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static ObjectNode alias(String target) {
    ObjectNode o = JSON.createObjectNode();
    o.putArray("targets").add(target);
    return o;
  }

  static ChatRequest request(String user, Map<String, String> headers) {
    ObjectNode body = JSON.createObjectNode().put("model", "fast");
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    return new ChatRequest(
        body,
        new RequestMetadata("r-" + user, "acme", "", user, headers, new CallNotes()),
        Deadline.after(Duration.ofSeconds(5)));
  }

  @Test
  void aSplitAliasLabelSendsEachUserAlwaysToOneVersionInProportion() {
    try (Registry r = Registry.open(tmp.resolve("grounded.db"), List.of(), Clock.systemUTC())) {
      Alias configured =
          new Alias("fast", List.of(new WeightedTarget(new Target("a", "m"), 1)), List.of());
      AliasRouter router =
          new AliasRouter(
              List.of(configured),
              List.of(),
              new Random(1),
              new RegisteredAliases(r, Set.of("a", "b", "c")));
      assertThat(router.route(request("u", Map.of())).getFirst()).isEqualTo(new Target("a", "m"));

      r.create("acme", Kind.MODEL, "fast", alias("b/m"), "", List.of());
      r.create("acme", Kind.MODEL, "fast", alias("c/m"), "", List.of("staging"));
      r.label("acme", Kind.MODEL, "fast", "production", 1, Optional.empty());
      r.label("acme", Kind.MODEL, "fast", "production", 1, Optional.of(new Split(2, 20)));

      Map<String, Set<Target>> seen = new HashMap<>();
      for (int u = 0; u < 1000; u++)
        for (int i = 0; i < 3; i++)
          seen.computeIfAbsent("u" + u, k -> new HashSet<>())
              .add(router.route(request("u" + u, Map.of())).getFirst());
      assertThat(seen.values()).allSatisfy(s -> assertThat(s).hasSize(1));
      long canary = seen.values().stream().filter(s -> s.contains(new Target("c", "m"))).count();
      System.out.println("alias split: " + canary + " of 1000 users on the 20 % version");
      assertThat(canary).isBetween(170L, 230L);

      ChatRequest staged = request("u1", Map.of(RegisteredAliases.LABEL_HEADER, "staging"));
      assertThat(router.route(staged).getFirst()).isEqualTo(new Target("c", "m"));
      assertThat(staged.metadata().notes().aliasVersion()).contains("fast@2");

      r.rollback("acme", Kind.MODEL, "fast", "production"); // the split goes
      assertThat(router.route(request("u1", Map.of())).getFirst()).isEqualTo(new Target("b", "m"));
      r.rollback("acme", Kind.MODEL, "fast", "production"); // and the label: config again
      assertThat(router.route(request("u1", Map.of())).getFirst()).isEqualTo(new Target("a", "m"));
    }
  }

  @Test
  void aVersionNamingAnUnconfiguredProviderIsRefusedWhenUsed() {
    try (Registry r = Registry.open(tmp.resolve("grounded.db"), List.of(), Clock.systemUTC())) {
      Alias configured =
          new Alias("fast", List.of(new WeightedTarget(new Target("a", "m"), 1)), List.of());
      AliasRouter router =
          new AliasRouter(
              List.of(configured), List.of(), new Random(1), new RegisteredAliases(r, Set.of("a")));
      r.create("acme", Kind.MODEL, "fast", alias("zz/m"), "", List.of("production"));
      assertThatThrownBy(() -> router.route(request("u", Map.of())))
          .hasMessageContaining("alias fast@1 names provider 'zz'");
    }
  }
}
