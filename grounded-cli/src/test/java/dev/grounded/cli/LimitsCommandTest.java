package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.ledger.LedgerEntry;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys with limits, grounded limits, grounded costs, prices in grounded.yaml, serve with them. */
class LimitsCommandTest {
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

  @Test
  void aKeyIsCreatedWithItsBudgetAndRateLimitsAndListShowsThem() throws Exception {
    JsonNode created =
        json(
            Cli.run(
                "keys",
                "create",
                "--data",
                data,
                "--tenant",
                "acme",
                "--budget-usd-month",
                "50",
                "--budget-usd-day",
                "2.5",
                "--rpm",
                "60",
                "--json"));
    assertThat(created.at("/limits/budget_usd_month").asText()).isEqualTo("50");
    assertThat(created.at("/limits/budget_usd_day").asText()).isEqualTo("2.5");
    assertThat(created.at("/limits/rpm").asLong()).isEqualTo(60);
    assertThat(created.at("/limits/tpm").isNull()).isTrue();
    String id = created.get("id").asText();

    JsonNode listed = json(Cli.run("keys", "list", "--data", data, "--json"));
    assertThat(listed.at("/keys/0/id").asText()).isEqualTo(id);
    assertThat(listed.at("/keys/0/limits/rpm").asLong()).isEqualTo(60);
    Cli text = Cli.run("keys", "list", "--data", data);
    assertThat(text.out().lines().toList().get(0)).contains("LIMITS");
    assertThat(text.out().lines().toList().get(1)).contains(id, "$2.5/day $50/month 60 rpm");

    JsonNode shown = json(Cli.run("limits", "show", "--data", data, "--key", id, "--json"));
    assertThat(shown.at("/limits/0/scope").asText()).isEqualTo("key:" + id);
    assertThat(shown.at("/limits/0/used/usd_today").asText()).isEqualTo("0");
  }

  @Test
  void aBadLimitIsRefusedBeforeAnyKeyIsCreated() {
    Cli r = Cli.run("keys", "create", "--data", data, "--tenant", "acme", "--rpm", "-1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString().contains("--rpm must be a whole number");
    Cli usd =
        Cli.run(
            "keys", "create", "--data", data, "--tenant", "acme", "--budget-usd-day", "0.0000001");
    assertThat(usd.exit()).isEqualTo(1);
    assertThat(usd.errLines()).singleElement().asString().contains("at most 6 decimals");
    try (ApiKeys keys = ApiKeys.open(tmp.resolve("data/grounded.db"))) {
      assertThat(keys.list(null)).isEmpty();
    }
  }

  @Test
  void limitsSetChangesOnlyTheGivenLimitsOfATenantOrUserAndNoneRemovesOne() throws Exception {
    assertThat(
            Cli.run("limits", "set", "--data", data, "--tenant", "acme", "--budget-usd-day", "5")
                .exit())
        .isZero();
    Cli second = Cli.run("limits", "set", "--data", data, "--tenant", "acme", "--tpm", "1000");
    assertThat(second.out().strip()).isEqualTo("tenant:acme: $5/day 1000 tpm");
    assertThat(Cli.run("limits", "set", "--data", data, "--user", "acme/bob", "--rpm", "3").exit())
        .isZero();
    JsonNode all = json(Cli.run("limits", "show", "--data", data, "--json"));
    assertThat(all.get("limits"))
        .extracting(n -> n.get("scope").asText())
        .containsExactly("tenant:acme", "user:acme/bob");
    Cli removed =
        Cli.run("limits", "set", "--data", data, "--tenant", "acme", "--budget-usd-day", "none");
    assertThat(removed.out().strip()).isEqualTo("tenant:acme: 1000 tpm");
    Cli nothing = Cli.run("limits", "set", "--data", data, "--tenant", "acme");
    assertThat(nothing.exit()).isEqualTo(2);
    Cli two = Cli.run("limits", "set", "--data", data, "--tenant", "a", "--key", "k", "--rpm", "1");
    assertThat(two.exit()).isEqualTo(2);
  }

  @Test
  void costsSumTheLedgerPerGroupWithAProjectionAsTextAndJson() throws Exception {
    Instant now = Instant.now();
    try (Ledger ledger = Ledger.open(tmp.resolve("data/grounded.db"))) {
      ledger.record(entry(now.minusSeconds(3600), "acme", "ann", "gpt-4o-mini", 1500, "ok"));
      ledger.record(entry(now.minusSeconds(1800), "acme", "bob", "gpt-4o-mini", 500, "ok"));
      ledger.record(entry(now.minusSeconds(60), "beta", "cy", "gpt-4o", 7000, "upstream_error"));
    }
    JsonNode byModel = json(Cli.run("costs", "--data", data, "--by", "model", "--json"));
    assertThat(byModel.get("rows"))
        .extracting(n -> n.get("group").asText())
        .containsExactly("gpt-4o", "gpt-4o-mini");
    assertThat(byModel.at("/rows/1/cost_usd").asText()).isEqualTo("0.002");
    assertThat(byModel.at("/total/cost_micros").asLong()).isEqualTo(9000);
    assertThat(byModel.at("/unit_economics/users").asLong()).isEqualTo(3);

    JsonNode acme =
        json(
            Cli.run(
                "costs",
                "--data",
                data,
                "--by",
                "user",
                "--tenant",
                "acme",
                "--since",
                "1d",
                "--users",
                "1000",
                "--period",
                "30d",
                "--json"));
    assertThat(acme.get("rows"))
        .extracting(n -> n.get("group").asText())
        .containsExactlyInAnyOrder("acme/ann", "acme/bob");
    assertThat(acme.at("/unit_economics/cost_per_call_usd").asText()).isEqualTo("0.001");
    assertThat(acme.at("/unit_economics/projection/users").asLong()).isEqualTo(1000);
    assertThat(acme.at("/unit_economics/projection/cost_usd").isTextual()).isTrue();

    Cli text = Cli.run("costs", "--data", data, "--by", "tenant");
    assertThat(text.out().lines().toList().get(0)).contains("GROUP", "CALLS", "COST_USD");
    assertThat(text.out()).contains("beta", "acme", "unit economics: 3 calls, 3 users");
    Cli bad = Cli.run("costs", "--data", data, "--since", "last tuesday");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.errLines()).singleElement().asString().contains("since must be a date");
    assertThat(Cli.run("costs", "--data", data, "--by", "week").exit()).isEqualTo(2);
  }

  private static LedgerEntry entry(
      Instant at, String tenant, String user, String model, long micros, String outcome) {
    return new LedgerEntry(
        at, tenant, "", user, "fast", "openai", model, 100, 10, false, 5, micros, outcome, "r");
  }

  @Test
  void pricesInTheFileReplaceTheDefaultsAndABadOneNamesItsLine() throws Exception {
    Path f = tmp.resolve("p.yaml");
    Files.writeString(
        f,
        "prices:\n  gpt-4o-mini:\n    input_per_1m: 0.2\n    output_per_1m: 0.8\n"
            + "  my-model:\n    input_per_1m: 1\n    output_per_1m: 2\n");
    LimitsPlan plan = LimitsPlan.of(ConfigLoader.load(f, null, Map.of()).config());
    assertThat(plan.prices().find("gpt-4o-mini").orElseThrow().inputMicrosPerMillion())
        .isEqualTo(200_000);
    assertThat(plan.prices().find("my-model").orElseThrow().outputMicrosPerMillion())
        .isEqualTo(2_000_000);
    assertThat(plan.prices().find("gpt-4o")).isPresent(); // defaults kept
    Path bad = tmp.resolve("b.yaml");
    Files.writeString(bad, "prices:\n  m:\n    input_per_1m: cheap\n    output_per_1m: 1\n");
    try {
      LimitsPlan.of(ConfigLoader.load(bad, null, Map.of()).config());
      throw new AssertionError("no error");
    } catch (GroundedException e) {
      assertThat(e.getMessage()).startsWith(bad + ":3: 'prices.m': invalid price 'cheap'");
    }
    Cli check = Cli.run("config", "check", bad.toString());
    assertThat(check.exit()).isEqualTo(1);
  }

  @Test
  void serveAppliesLimitsAndRecordsCostsAtConfiguredPrices() throws Exception {
    assertThat(Cli.run("limits", "set", "--data", data, "--tenant", "default", "--rpm", "1").exit())
        .isZero();
    try (FakeOpenAiUpstream upstream =
        new FakeOpenAiUpstream((n, request) -> FakeOpenAiUpstream.answer("Hi there"))) {
      Path config = tmp.resolve("serve.yaml");
      Files.writeString(
          config,
          "providers:\n  fake:\n    base_url: "
              + upstream.baseUrl()
              + "\nmodels:\n  fast:\n    provider: fake\n    model: upstream-m\n"
              + "prices:\n  upstream-m:\n    input_per_1m: 1\n    output_per_1m: 1000\n");
      TestServe served = TestServe.start(config, data, tmp.resolve("access.log"));
      ServeCommand.Running running = served.running();
      HttpResponse<String> first;
      HttpResponse<String> second;
      try {
        first = chat(served.url());
        second = chat(served.url());
      } finally {
        running.stop();
      }
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
      assertThat(upstream.count()).isEqualTo(1);
    }
    // written by the stopped server: 10 prompt tokens at $1/1M + 2 output tokens at $1000/1M
    JsonNode costs = json(Cli.run("costs", "--data", data, "--by", "model", "--json"));
    assertThat(costs.at("/rows/0/group").asText()).isEqualTo("upstream-m");
    assertThat(costs.at("/rows/0/calls").asLong()).isEqualTo(2);
    assertThat(costs.at("/rows/0/failed_calls").asLong()).isEqualTo(1);
    assertThat(costs.at("/rows/0/cost_micros").asLong()).isEqualTo(10 + 2 * 1000);
  }

  private static HttpResponse<String> chat(String base) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Hello?\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
