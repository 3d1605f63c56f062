package dev.grounded.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  Path file;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
  Registry registry;

  static ObjectNode prompt(String text) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", text);
    return o;
  }

  @BeforeEach
  void open() {
    file = tmp.resolve("data/grounded.db");
    registry = Registry.open(file, List.of(), clock);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void everyCreateIsANewNumberedVersionAndTheFirstIsProduction() {
    Version v1 =
        registry.create("acme", Kind.PROMPT, "greet", prompt("Hi {{name}}"), "", List.of());
    Version v2 =
        registry.create(
            "acme", Kind.PROMPT, "greet", prompt("Hello {{name}}"), "warmer", List.of());

    assertThat(v1.number()).isEqualTo(1);
    assertThat(v2.number()).isEqualTo(2);
    assertThat(registry.versions("acme", Kind.PROMPT, "greet"))
        .extracting(v -> v.body().get("text").asText())
        .containsExactly("Hi {{name}}", "Hello {{name}}");
    assertThat(registry.labels("acme", Kind.PROMPT, "greet")).containsOnlyKeys("production");
    assertThat(resolve("acme", "greet", "").version().number()).isEqualTo(1);
    assertThat(resolve("acme", "greet", "latest").version().number()).isEqualTo(2);
  }

  @Test
  void storedVersionsCannotBeChangedEvenWithSql() throws Exception {
    registry.create("acme", Kind.PROMPT, "greet", prompt("Hi {{name}}"), "", List.of());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE registry_versions SET body = '{}'"))
          .hasMessageContaining("registry versions are immutable");
    }
    assertThat(
            registry
                .version("acme", Kind.PROMPT, "greet", 1)
                .orElseThrow()
                .body()
                .get("text")
                .asText())
        .isEqualTo("Hi {{name}}");
  }

  @Test
  void aLabelMovesAndRollbackMovesItBackSeenByAnotherHandle() {
    registry.create("acme", Kind.PROMPT, "greet", prompt("v1 {{name}}"), "", List.of());
    registry.create("acme", Kind.PROMPT, "greet", prompt("v2 {{name}}"), "", List.of("staging"));
    try (Registry other = Registry.open(file, List.of(), clock)) {
      assertThat(resolve("acme", "greet", "staging").version().number()).isEqualTo(2);
      other.label("acme", Kind.PROMPT, "greet", "production", 2, Optional.empty());
      assertThat(resolve("acme", "greet", "").version().number()).isEqualTo(2);

      assertThat(other.rollback("acme", Kind.PROMPT, "greet", "production").orElseThrow().version())
          .isEqualTo(1);
      assertThat(resolve("acme", "greet", "").version().number()).isEqualTo(1);
    }
    assertThatThrownBy(() -> registry.rollback("acme", Kind.PROMPT, "greet", "production"))
        .isInstanceOf(GroundedException.class)
        .satisfies(e -> assertThat(((GroundedException) e).code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("no earlier version");
  }

  @Test
  void twoHandlesCreatingAtOnceNeverReuseAVersionNumber() throws Exception {
    try (Registry other = Registry.open(file, List.of(), clock);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<Integer>> made = new java.util.ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Registry r = i % 2 == 0 ? registry : other;
        String text = "v" + i;
        made.add(
            pool.submit(
                () -> r.create("acme", Kind.PROMPT, "busy", prompt(text), "", List.of()).number()));
      }
      java.util.Set<Integer> numbers = new java.util.TreeSet<>();
      for (var f : made) numbers.add(f.get());
      assertThat(numbers).hasSize(60).first().isEqualTo(1);
      assertThat(numbers).last().isEqualTo(60);
      assertThat(registry.versions("acme", Kind.PROMPT, "busy")).hasSize(60);
    }
  }

  @Test
  void tenantsSeeOnlyTheirOwnEntries() {
    registry.create("acme", Kind.PROMPT, "greet", prompt("acme's"), "", List.of());

    assertThat(registry.names("other", Kind.PROMPT)).isEmpty();
    assertThat(registry.versions("other", Kind.PROMPT, "greet")).isEmpty();
    assertThat(registry.resolve("other", Kind.PROMPT, "greet", Optional.empty(), "", "u"))
        .isEmpty();
    assertThatThrownBy(
            () -> registry.label("other", Kind.PROMPT, "greet", "production", 1, Optional.empty()))
        .hasMessageContaining("no prompt 'greet'");
  }

  @Test
  void aBuiltInIsVersionOneUntilTheTenantAddsItsOwn() {
    BuiltInPrompt answer =
        new BuiltInPrompt(
            "grounded.answer",
            prompt("Sources: {{sources}} Q: {{question}}"),
            Set.of("sources", "question"));
    try (Registry r = Registry.open(tmp.resolve("b.db"), List.of(answer), clock)) {
      assertThat(r.names("acme", Kind.PROMPT)).containsExactly("grounded.answer");
      assertThat(
              r.resolve("acme", Kind.PROMPT, "grounded.answer", Optional.empty(), "", "u")
                  .orElseThrow()
                  .version()
                  .ref())
          .isEqualTo("grounded.answer@1");
      assertThatThrownBy(
              () ->
                  r.create(
                      "acme",
                      Kind.PROMPT,
                      "grounded.answer",
                      prompt("Q: {{question}}"),
                      "",
                      List.of()))
          .hasMessageContaining("must use {{sources}}");

      Version v2 =
          r.create(
              "acme",
              Kind.PROMPT,
              "grounded.answer",
              prompt("Only these: {{sources}} Q: {{question}}"),
              "",
              List.of());
      assertThat(v2.number()).isEqualTo(2);
      // publishing does not serve it: production still points at the built-in
      assertThat(
              r.resolve("acme", Kind.PROMPT, "grounded.answer", Optional.empty(), "", "u")
                  .orElseThrow()
                  .version()
                  .number())
          .isEqualTo(1);
      r.label("acme", Kind.PROMPT, "grounded.answer", "production", 2, Optional.empty());
      assertThat(
              r.resolve("acme", Kind.PROMPT, "grounded.answer", Optional.empty(), "", "u")
                  .orElseThrow()
                  .version()
                  .number())
          .isEqualTo(2);
      // another tenant still has the built-in
      assertThat(r.versions("beta", Kind.PROMPT, "grounded.answer")).hasSize(1);
    }
  }

  @Test
  void aModelAliasIsServedOnlyOnceLabelledAndRollbackRemovesItsOnlyLabel() {
    ObjectNode alias = JSON.createObjectNode();
    alias.putArray("targets").add("fake/model-b");
    registry.create("acme", Kind.MODEL, "fast", alias, "", List.of());
    assertThat(registry.resolve("acme", Kind.MODEL, "fast", Optional.empty(), "", "u")).isEmpty();

    registry.label("acme", Kind.MODEL, "fast", "production", 1, Optional.empty());
    assertThat(registry.resolve("acme", Kind.MODEL, "fast", Optional.empty(), "", "u")).isPresent();

    assertThat(registry.rollback("acme", Kind.MODEL, "fast", "production")).isEmpty();
    assertThat(registry.resolve("acme", Kind.MODEL, "fast", Optional.empty(), "", "u")).isEmpty();
  }

  @Test
  void badDefinitionsAndLabelsAreRefusedNamingTheField() {
    assertThatThrownBy(
            () -> registry.create("acme", Kind.PROMPT, "p", JSON.createObjectNode(), "", List.of()))
        .hasMessageContaining("needs either 'text' or 'messages'");
    ObjectNode alias = JSON.createObjectNode();
    alias.putArray("targets").add("no-slash");
    assertThatThrownBy(() -> registry.create("acme", Kind.MODEL, "m", alias, "", List.of()))
        .hasMessageContaining("is not provider/model");
    assertThatThrownBy(
            () -> registry.create("acme", Kind.PROMPT, "p", prompt("x"), "", List.of("latest")))
        .hasMessageContaining("cannot be set");
    assertThat(registry.names("acme", Kind.PROMPT)).isEmpty();
  }

  @Test
  void aMissingVariableIsNamedWithWhatWasGiven() {
    PromptTemplate t = PromptTemplate.of("greet", prompt("Hi {{ name }}, about {{topic}}"));
    assertThat(t.variables()).containsExactly("name", "topic");
    assertThat(t.render("greet@1", Map.of("name", "Ann", "topic", "{{name}}", "extra", "x")))
        .extracting(PromptTemplate.Message::content)
        .containsExactly("Hi Ann, about {{name}}");
    assertThatThrownBy(() -> t.render("greet@1", Map.of("name", "Ann")))
        .isInstanceOf(GroundedException.class)
        .hasMessage("prompt greet@1 needs the variable 'topic'; given: name");
  }

  private Resolved resolve(String tenant, String name, String label) {
    return registry
        .resolve(tenant, Kind.PROMPT, name, Optional.empty(), label, "user:u")
        .orElseThrow();
  }
}
