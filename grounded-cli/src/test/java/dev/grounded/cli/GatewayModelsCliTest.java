package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.gateway.upstream.FakeChatServer;
import dev.grounded.gateway.upstream.FakeChatServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's own model calls ({@code ask --generator model:ALIAS}, the judges, {@code collections
 * set}) name aliases of grounded.yaml and go through the gateway: its provider, its upstream model
 * name and its retries.
 */
class GatewayModelsCliTest {
  @TempDir Path tmp;

  /** A grounded.yaml with the alias {@code alias} → provider {@code fake} at {@code url}. */
  Path config(FakeChatServer upstream, String alias, String upstreamModel) throws Exception {
    return Files.writeString(
        tmp.resolve("grounded.yaml"),
        """
        providers:
          fake:
            base_url: %s
        models:
          %s:
            provider: fake
            model: %s
        gateway:
          retry:
            initial_backoff: 1ms
            max_backoff: 2ms
        """
            .formatted(upstream.baseUrl(), alias, upstreamModel));
  }

  /** 500 for the first request, then {@code then}. */
  static Function<com.fasterxml.jackson.databind.JsonNode, Reply> failingOnce(
      Function<com.fasterxml.jackson.databind.JsonNode, Reply> then) {
    AtomicInteger n = new AtomicInteger();
    return r -> n.incrementAndGet() == 1 ? Reply.error(500, "boom") : then.apply(r);
  }

  @Test
  void askWithAConfiguredAliasGoesThroughTheGatewayAndItsRetries() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        docs.resolve("owls.md"),
        "# Owls\n\nOwls hunt at night. Owls eat mice, voles and other small mammals.\n");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, docs.toString()).exit()).isZero();
    try (FakeChatServer llm = new FakeChatServer(failingOnce(ModelGeneratorTest::model))) {
      Path cfg = config(llm, "fast", "upstream-small");
      Cli r =
          Cli.run(
              "ask",
              "--data",
              data,
              "--config",
              cfg.toString(),
              "--generator",
              "model:fast",
              "What",
              "do",
              "owls",
              "eat?");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("Owls eat mice, voles and other small mammals. [1]");
      assertThat(llm.requests).hasSize(2); // the 500 was retried by the chain
      assertThat(llm.requests.get(1).get("model").asText()).isEqualTo("upstream-small");
    }
  }

  @Test
  void aJudgeNamingAnAliasGoesThroughTheGatewayAndItsRetries() throws Exception {
    Path rubric =
        Files.writeString(
            tmp.resolve("helpful.yaml"),
            """
            name: helpfulness
            criteria: [The answer explains itself.]
            scale: [1, 2, 3]
            fields: [question, answer]
            min_kappa: 0.5
            """);
    Path labels =
        Files.writeString(
            tmp.resolve("labels.jsonl"),
            "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"It floats because wood is light.\","
                + "\"label\":3}\n"
                + "{\"id\":\"b\",\"question\":\"q\",\"answer\":\"It floats.\",\"label\":1}\n");
    try (FakeChatServer judge =
        new FakeChatServer(
            failingOnce(
                r ->
                    Reply.content(
                        FakeChatServer.lastUser(r).contains("because")
                            ? "{\"label\": 3, \"reason\": \"explains\"}"
                            : "{\"label\": 1, \"reason\": \"bare\"}")))) {
      Path cfg = config(judge, "judge", "upstream-judge");
      Cli r =
          Cli.run(
              "eval",
              "calibrate",
              "--config",
              cfg.toString(),
              "--judge",
              rubric.toString(),
              "--labels",
              labels.toString(),
              "--model",
              "judge",
              "--repeats",
              "1",
              "--parallel",
              "1");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(judge.requests).hasSize(3); // two items, one retried
      assertThat(judge.requests.getLast().get("model").asText()).isEqualTo("upstream-judge");
    }
  }

  @Test
  void collectionsSetStoresAConfiguredAliasAndRefusesAnUnknownOne() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("a.md"), "Owls hunt at night.\n");
    String data = tmp.resolve("data").toString();
    assertThat(Cli.run("ingest", "--data", data, docs.toString()).exit()).isZero();
    try (FakeChatServer llm = new FakeChatServer(r -> Reply.content("x"))) {
      String cfg = config(llm, "fast", "upstream-small").toString();
      Cli ok =
          Cli.run(
              "collection",
              "set",
              "default",
              "--data",
              data,
              "--config",
              cfg,
              "--generator",
              "model:fast");
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("answers with model:fast");
      Cli unknown =
          Cli.run(
              "collections",
              "set",
              "default",
              "--data",
              data,
              "--config",
              cfg,
              "--generator",
              "model:slow");
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err()).contains("no model alias 'slow'").contains("aliases: fast");
      Cli bad =
          Cli.run(
              "collections",
              "set",
              "default",
              "--data",
              data,
              "--config",
              cfg,
              "--generator",
              "gpt");
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.err()).contains("'extractive' or 'model:<alias>'");
      assertThat(llm.requests).isEmpty();
    }
  }
}
