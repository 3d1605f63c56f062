package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.auth.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @TempDir Path tmp;
  String data;

  @BeforeEach
  void dataDir() {
    data = tmp.resolve("data").toString();
  }

  private static JsonNode json(Cli r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  private static void assertOneLineError(Cli r, int exit, String... fragments) {
    assertThat(r.exit()).as(r.err()).isEqualTo(exit);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.errLines().getFirst()).startsWith("grounded: ").contains(fragments);
  }

  private Principal authenticate(String key) {
    try (ApiKeys keys = ApiKeys.open(tmp.resolve("data/grounded.db"))) {
      return keys.authenticate(key).orElse(null);
    }
  }

  @Test
  void createPrintsTheKeyOnceListShowsItWithoutTheSecretAndRevokeEndsIt() {
    Cli created = Cli.run("keys", "create", "--data", data, "--tenant", "acme", "--name", "ci bot");
    assertThat(created.exit()).as(created.err()).isZero();
    String key = created.out().strip();
    assertThat(key).matches("gr-[a-z2-7]{12}-[A-Za-z0-9_-]{43}");
    assertThat(created.errLines()).singleElement().asString().contains("cannot be shown again");
    String id = key.substring(3, 15);
    assertThat(authenticate(key)).isEqualTo(new Principal("acme", id));

    Cli list = Cli.run("keys", "list", "--data", data);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines().toList())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).contains("ID", "TENANT", "NAME", "CREATED", "REVOKED"))
        .satisfies(l -> assertThat(l.get(1)).contains(id, "acme", "ci bot").endsWith("-"));
    assertThat(list.out()).doesNotContain(key.substring(16));

    Cli revoked = Cli.run("keys", "revoke", "--data", data, id);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(revoked.out().strip()).isEqualTo("revoked " + id);
    assertThat(authenticate(key)).isNull();
    assertThat(Cli.run("keys", "list", "--data", data).out().lines().skip(1).findFirst())
        .hasValueSatisfying(l -> assertThat(l).doesNotEndWith("-").matches(".*\\d{4}-.*Z$"));
    assertThat(Cli.run("keys", "revoke", "--data", data, id).exit()).isZero();
  }

  @Test
  void jsonOutputHasTheDocumentedFieldsAndListFiltersByTenant() throws Exception {
    JsonNode a =
        json(
            Cli.run("keys", "create", "--data", data, "--tenant", "acme", "--name", "a", "--json"));
    assertThat(a.fieldNames())
        .toIterable()
        .containsExactly("id", "tenant", "name", "key", "created_at", "limits");
    assertThat(a.get("key").asText()).startsWith("gr-" + a.get("id").asText() + "-");
    assertThat(a.get("created_at").asText()).endsWith("Z");
    JsonNode b = json(Cli.run("keys", "create", "--data", data, "--tenant", "beta", "--json"));
    assertThat(b.get("name").asText()).isEmpty();

    JsonNode all = json(Cli.run("keys", "list", "--data", data, "--json")).get("keys");
    assertThat(all.size()).isEqualTo(2);
    assertThat(all.get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "id", "tenant", "name", "created_at", "revoked_at", "last_used_at", "limits");
    assertThat(all.toString())
        .doesNotContain(a.get("key").asText().substring(16))
        .doesNotContain(b.get("key").asText().substring(16));

    JsonNode beta = json(Cli.run("keys", "list", "--data", data, "--tenant", "beta", "--json"));
    assertThat(beta.get("keys").size()).isEqualTo(1);
    assertThat(beta.get("keys").get(0).get("id").asText()).isEqualTo(b.get("id").asText());
    assertThat(beta.get("keys").get(0).get("revoked_at").isNull()).isTrue();
  }

  @Test
  void badInputGetsOneErrorLine() {
    assertOneLineError(
        Cli.run("keys", "revoke", "--data", data, "aaaaaaaaaaaa"), 1, "no key", "aaaaaaaaaaaa");
    assertOneLineError(
        Cli.run("keys", "create", "--data", data, "--tenant", "acme corp"), 1, "invalid tenant");
    assertOneLineError(
        Cli.run("keys", "create", "--data", data, "--tenant", "acme", "--name", "x".repeat(101)),
        1,
        "at most 100");
    assertOneLineError(Cli.run("keys", "list", "--data", data, "--tenant", "a/b"), 1, "a/b");
    assertOneLineError(Cli.run("keys", "create", "--data", data), 2, "--tenant");
    assertOneLineError(Cli.run("keys", "--data", data), 2, "--data");
    assertOneLineError(Cli.run("keys"), 2, "missing subcommand");
    Cli empty = Cli.run("keys", "list", "--data", data);
    assertThat(empty.exit()).isZero();
    assertThat(empty.out()).contains("no keys yet");
  }

  @Test
  void keysTouchOnlyTheDatabaseNotTheIndexOrTheModel() throws Exception {
    assertThat(Cli.run("keys", "create", "--data", data, "--tenant", "acme").exit()).isZero();
    assertThat(Cli.run("keys", "list", "--data", data).exit()).isZero();
    try (Stream<Path> files = Files.list(tmp.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.startsWith("grounded.db"));
    }
  }

  @Test
  void everyKeysCommandPrintsItsHelp() {
    for (List<String> args :
        List.of(
            List.of("keys", "--help"),
            List.of("keys", "create", "--help"),
            List.of("keys", "list", "--help"),
            List.of("keys", "revoke", "--help"))) {
      Cli r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(args + ": " + r.err()).isZero();
      assertThat(r.out()).as(args.toString()).contains("Usage: grounded keys");
    }
  }
}
