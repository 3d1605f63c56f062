package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.budget.Budgets;
import dev.grounded.gateway.budget.Limits;
import dev.grounded.gateway.budget.LimitsInterceptor;
import dev.grounded.gateway.budget.Scope;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.ChunkStream;
import dev.grounded.gateway.chain.Usage;
import dev.grounded.gateway.ledger.CostQuery;
import dev.grounded.gateway.ledger.CostRow;
import dev.grounded.gateway.ledger.Ledger;
import dev.grounded.gateway.ledger.LedgerInterceptor;
import dev.grounded.gateway.ledger.LedgerWriter;
import dev.grounded.gateway.price.CallPricing;
import dev.grounded.gateway.price.ModelPrice;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.Provider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Budgets, rate limits and the ledger through the real served chain: a server answering aliases
 * through a gateway with the limits and ledger stages, in front of the fake OpenAI upstream. The
 * provider is the real one, decorated only to report a stream's usage as providers that parse it do
 * (the fake sends none).
 */
@Timeout(120)
class GatewayLimitsTest {
  /** {@code exact}: output-only price, so a call's settled cost equals its reservation. */
  static final long OUT_MICROS_PER_TOKEN = 1000;

  static FakeOpenAiUpstream upstream;
  static TestServer server;
  static Budgets budgets;
  static Ledger ledger;
  static LedgerWriter writer;
  static ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  static final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .executor(executor)
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  static final AtomicInteger tenants = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    upstream =
        new FakeOpenAiUpstream(
            (n, request) ->
                request.path("user").asText().equals("fail")
                    ? new FakeOpenAiUpstream.Status(500, "upstream broke", null)
                    : FakeOpenAiUpstream.answer("Hello there"));
    Path data = TestServer.temp("grounded-limits");
    Path db = data.resolve("grounded.db");
    budgets = Budgets.open(db);
    ledger = Ledger.open(db);
    writer =
        new LedgerWriter(
            ledger,
            executor,
            Duration.ZERO,
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Provider provider =
        new OpenAiCompatibleProvider(
            new ProviderConfig("fake", upstream.baseUrl(), "", Duration.ofSeconds(10)),
            http,
            Map.of());
    CallPricing pricing =
        new CallPricing(
            PriceCatalogue.empty()
                .with(new ModelPrice("out-only", 0, OUT_MICROS_PER_TOKEN * 1_000_000))
                .with(new ModelPrice("both", 1_000_000, OUT_MICROS_PER_TOKEN * 1_000_000)),
            Map.of("exact", List.of("out-only"), "fast", List.of("both")),
            50);
    Gateway gateway =
        TestGateways.routed(
                Map.of("exact", "fake/out-only", "fast", "fake/both"), new StreamUsage(provider))
            .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO))
            .limits(new LimitsInterceptor(budgets, pricing))
            .ledger(new LedgerInterceptor(writer, pricing, Clock.systemUTC()))
            .build();
    server =
        TestServer.observed(
            data,
            new UpstreamModels(gateway, List.of("exact", "fast"), Duration.ofSeconds(30)),
            null,
            dev.grounded.guard.Guardrails.NONE,
            b -> b.ledger(ledger).budgets(budgets));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    writer.close();
    ledger.close();
    budgets.close();
    upstream.close();
    executor.close();
  }

  /**
   * Reports a stream's usage (prompt 10, one completion token per content chunk) at its end; for
   * user {@code no-usage}, none at all.
   */
  record StreamUsage(Provider inner) implements Provider {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      ChatResponse r = inner.chat(request);
      if (!(r instanceof ChatResponse.Streaming s)) return r;
      if (request.metadata().user().equals("no-usage"))
        // the provider reports the upstream's usage: hide it, as an upstream without one would
        return new ChatResponse.Streaming(
            new ChunkStream() {
              @Override
              public Optional<String> next() {
                return s.chunks().next();
              }

              @Override
              public void close() {
                s.chunks().close();
              }
            });
      AtomicInteger chunks = new AtomicInteger();
      AtomicBoolean ended = new AtomicBoolean();
      return new ChatResponse.Streaming(
          new ChunkStream() {
            @Override
            public Optional<String> next() {
              Optional<String> c = s.chunks().next();
              if (c.isEmpty()) ended.set(true);
              else if (c.get().contains("\"content\"")) chunks.incrementAndGet();
              return c;
            }

            @Override
            public Optional<Usage> usage() {
              return ended.get() ? Optional.of(new Usage(10, chunks.get())) : Optional.empty();
            }

            @Override
            public void close() {
              s.chunks().close();
            }
          });
    }
  }

  record Answer(int status, String body, Optional<String> retryAfter) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (Exception e) {
        throw new AssertionError(body, e);
      }
    }
  }

  static String newKey(String tenant) {
    return server.keys.create(tenant, "").secret();
  }

  static String keyId(String secret) {
    return server.keys.authenticate(secret).orElseThrow().keyId();
  }

  static String tenant() {
    return "t" + tenants.incrementAndGet();
  }

  static Answer chat(String key, String model, String user, boolean stream, int maxTokens) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"max_tokens\":"
            + maxTokens
            + ",\"user\":\""
            + user
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions")))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
      return new Answer(a.statusCode(), a.body(), a.headers().firstValue("Retry-After"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static CostRow costsOf(String keyId) {
    writer.flush();
    return ledger.costs(CostQuery.all(CostQuery.By.KEY)).stream()
        .filter(r -> r.group().equals(keyId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ledger rows for key " + keyId));
  }

  @Test
  void sixtyFourConcurrentCallsAgainstABudgetForTenGetExactlyTenAnswersTwentyTimesOver()
      throws Exception {
    long perCall = 2 * OUT_MICROS_PER_TOKEN; // max_tokens 2, "Hello there" = 2 tokens
    for (int round = 0; round < 20; round++) {
      String key = newKey(tenant());
      String id = keyId(key);
      budgets.setLimits(Scope.key(id), Limits.NONE.withUsdPerDayMicros(10 * perCall));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Answer>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++)
        calls.add(
            executor.submit(
                () -> {
                  go.await();
                  return chat(key, "exact", "", false, 2);
                }));
      go.countDown();
      int ok = 0;
      for (Future<Answer> f : calls) {
        Answer a = f.get();
        if (a.status() == 200) ok++;
        else {
          assertThat(a.status()).as("round %d: %s", round, a.body()).isEqualTo(429);
          assertThat(a.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
          assertThat(a.retryAfter()).as("Retry-After of a budget refusal").isPresent();
        }
      }
      assertThat(ok).as("answers in round %d", round).isEqualTo(10);
      CostRow row = costsOf(id);
      assertThat(row.calls()).isEqualTo(64);
      assertThat(row.failedCalls()).isEqualTo(54);
      assertThat(row.costMicros()).isEqualTo(10 * perCall).isLessThanOrEqualTo(10 * perCall);
      assertThat(budgets.usage(Scope.key(id)).spentTodayMicros()).isEqualTo(10 * perCall);
    }
  }

  @Test
  void callsOverTheRpmLimitGet429RateLimitedWithRetryAfter() {
    String key = newKey(tenant());
    budgets.setLimits(Scope.key(keyId(key)), Limits.NONE.withRequestsPerMinute(2));
    assertThat(chat(key, "fast", "", false, 5).status()).isEqualTo(200);
    assertThat(chat(key, "fast", "", false, 5).status()).isEqualTo(200);
    Answer third = chat(key, "fast", "", false, 5);
    assertThat(third.status()).as(third.body()).isEqualTo(429);
    assertThat(third.json().at("/error/code").asText()).isEqualTo("rate_limited");
    assertThat(third.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(third.retryAfter()).isPresent();
    assertThat(Long.parseLong(third.retryAfter().get())).isBetween(1L, 60L);
  }

  @Test
  void aTenantsRpmLimitCountsTheCallsOfAllItsKeys() {
    String tenant = tenant();
    budgets.setLimits(Scope.tenant(tenant), Limits.NONE.withRequestsPerMinute(1));
    assertThat(chat(newKey(tenant), "fast", "", false, 5).status()).isEqualTo(200);
    Answer other = chat(newKey(tenant), "fast", "", false, 5);
    assertThat(other.status()).isEqualTo(429);
    assertThat(other.retryAfter()).isPresent();
  }

  @Test
  void aStreamedCallIsSettledWithTheUsageReportedAtItsEnd() {
    String key = newKey(tenant());
    String id = keyId(key);
    Answer a = chat(key, "fast", "bob", true, 40);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("[DONE]");
    // prompt 10 tokens at 1 µ$ + 2 chunks at 1000 µ$; the reservation was 40 output tokens
    long expected = 10 + 2 * OUT_MICROS_PER_TOKEN;
    assertThat(budgets.usage(Scope.key(id)).spentTodayMicros()).isEqualTo(expected);
    assertThat(budgets.usage(Scope.key(id)).reservedTodayMicros()).isZero();
    CostRow row = costsOf(id);
    assertThat(row.tokensIn()).isEqualTo(10);
    assertThat(row.tokensOut()).isEqualTo(2);
    assertThat(row.costMicros()).isEqualTo(expected);
  }

  @Test
  void aStreamWithoutAUsageReportIsChargedItsWorstCase() {
    String key = newKey(tenant());
    String id = keyId(key);
    assertThat(chat(key, "fast", "no-usage", true, 40).status()).isEqualTo(200);
    long spent = budgets.usage(Scope.key(id)).spentTodayMicros();
    assertThat(spent).isGreaterThanOrEqualTo(40 * OUT_MICROS_PER_TOKEN);
    assertThat(costsOf(id).costMicros()).isEqualTo(spent);
  }

  @Test
  void theLedgerHasARowForASuccessAnUpstreamErrorAndABudgetRefusal() {
    String tenant = tenant();
    String key = newKey(tenant);
    String id = keyId(key);
    assertThat(chat(key, "fast", "ann", false, 5).status()).isEqualTo(200);
    Answer failed = chat(key, "fast", "fail", false, 5);
    assertThat(failed.status()).isEqualTo(502);
    budgets.setLimits(Scope.user(tenant, "ann"), Limits.NONE.withUsdPerMonthMicros(0));
    Answer refused = chat(key, "fast", "ann", false, 5);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
    assertThat(refused.json().at("/error/type").asText()).isEqualTo("insufficient_quota");
    writer.flush();
    List<CostRow> byUser = ledger.costs(CostQuery.all(CostQuery.By.USER).tenant(tenant));
    assertThat(byUser)
        .extracting(CostRow::group, CostRow::calls, CostRow::failedCalls)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(tenant + "/ann", 2L, 1L),
            org.assertj.core.groups.Tuple.tuple(tenant + "/fail", 1L, 1L));
    Answer report = get("/api/costs?by=model", key);
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    JsonNode rows = report.json().get("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("group").asText()).isEqualTo("both");
    assertThat(rows.get(0).get("calls").asLong()).isEqualTo(3);
    assertThat(rows.get(0).get("failed_calls").asLong()).isEqualTo(2);
    assertThat(rows.get(0).get("cost_micros").asLong()).isEqualTo(costsOf(id).costMicros());
  }

  @Test
  void costsAreReportedForTheCallersTenantOnlyWithAProjection() {
    String mine = tenant();
    String theirs = tenant();
    String key = newKey(mine);
    chat(key, "fast", "a", false, 5);
    chat(key, "fast", "b", false, 5);
    chat(newKey(theirs), "fast", "c", false, 5);
    writer.flush();
    Answer r = get("/api/costs?by=user&since=1d&users=100&period=30d", key);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode report = r.json();
    assertThat(report.get("tenant").asText()).isEqualTo(mine);
    assertThat(report.get("rows"))
        .extracting(n -> n.get("group").asText())
        .containsExactlyInAnyOrder(mine + "/a", mine + "/b");
    assertThat(report.at("/unit_economics/users").asLong()).isEqualTo(2);
    assertThat(report.at("/unit_economics/calls_per_user").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/unit_economics/projection/users").asLong()).isEqualTo(100);
    assertThat(report.at("/unit_economics/projection/cost_usd").isTextual()).isTrue();
    Answer bad = get("/api/costs?by=week", key);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/param").asText()).isEqualTo("by");
  }

  @Test
  void seriesAndBudgetsShowTheCallersTenantOnly() {
    String mine = tenant();
    String theirs = tenant();
    String key = newKey(mine);
    String other = newKey(theirs);
    budgets.setLimits(Scope.key(keyId(key)), Limits.NONE.withUsdPerDayMicros(5_000_000));
    budgets.setLimits(Scope.tenant(mine), Limits.NONE.withRequestsPerMinute(1000));
    budgets.setLimits(Scope.key(keyId(other)), Limits.NONE.withUsdPerMonthMicros(7_000_000));
    budgets.setLimits(Scope.user(theirs, "zed"), Limits.NONE.withRequestsPerMinute(9));
    chat(key, "fast", "a", false, 5);
    chat(key, "exact", "a", false, 5);
    chat(other, "fast", "z", false, 5);
    writer.flush();

    Answer series = get("/api/costs/series?by=model&since=1d", key);
    assertThat(series.status()).as(series.body()).isEqualTo(200);
    JsonNode rows = series.json().get("rows");
    assertThat(rows)
        .extracting(r -> r.get("group").asText())
        .containsExactlyInAnyOrder("both", "out-only");
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    assertThat(rows).allSatisfy(r -> assertThat(r.get("day").asText()).isEqualTo(today));
    assertThat(rows).allSatisfy(r -> assertThat(r.get("calls").asLong()).isEqualTo(1));
    long summed = 0;
    for (JsonNode r : rows) summed += r.get("cost_micros").asLong();
    assertThat(summed).isEqualTo(costsOf(keyId(key)).costMicros()).isPositive();
    assertThat(get("/api/costs/series?by=week", key).status()).isEqualTo(400);

    Answer mineBudgets = get("/api/budgets", key);
    assertThat(mineBudgets.status()).as(mineBudgets.body()).isEqualTo(200);
    JsonNode data = mineBudgets.json().get("data");
    assertThat(data)
        .extracting(r -> r.get("scope").asText())
        .containsExactlyInAnyOrder("key:" + keyId(key), "tenant:" + mine);
    JsonNode keyRow = data.get(0).get("kind").asText().equals("key") ? data.get(0) : data.get(1);
    assertThat(keyRow.at("/limits/budget_usd_day").asText()).isEqualTo("5");
    assertThat(keyRow.at("/limits/budget_usd_month").isNull()).isTrue();
    assertThat(
            new java.math.BigDecimal(keyRow.at("/used/usd_today").asText())
                .movePointRight(6)
                .longValue())
        .isEqualTo(costsOf(keyId(key)).costMicros());
    assertThat(get("/api/budgets", other).json().get("data"))
        .extracting(r -> r.get("scope").asText())
        .containsExactlyInAnyOrder("key:" + keyId(other), "user:" + theirs + "/zed");
  }

  static Answer get(String path, String key) {
    TestServer.Reply r = server.get(path, key);
    return new Answer(r.status(), r.body(), Optional.empty());
  }
}
