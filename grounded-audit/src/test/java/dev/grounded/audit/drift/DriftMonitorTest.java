package dev.grounded.audit.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftMonitorTest {
  @TempDir Path dir;
  static final Instant TODAY = Instant.parse("2026-12-07T15:00:00Z");

  static DriftSample sample(Instant at, boolean abstained, double support) {
    return new DriftSample(at, "acme", "docs", abstained, support, 0.5, 0, 0);
  }

  @Test
  void aCollectionWhoseAbstentionJumpsAlertsOnceAndPostsToTheWebhook() throws Exception {
    BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Random random = new Random(16);
    try (DriftStore store = DriftStore.open(dir.resolve("grounded.db"));
        HttpClient http = HttpClient.newHttpClient()) {
      // seven days at about 10 % abstention, support about 0.8
      for (int d = 1; d <= 7; d++)
        for (int i = 0; i < 40; i++)
          store.add(
              sample(
                  TODAY.minusSeconds(86400L * d + i),
                  random.nextDouble() < 0.1,
                  0.8 + random.nextGaussian() * 0.05));
      DriftSettings settings =
          new DriftSettings(
              1.0,
              7,
              20,
              DriftSettings.DEFAULT_BANDS,
              Optional.of(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")));
      DriftMonitor monitor =
          new DriftMonitor(
              store,
              settings,
              Clock.fixed(TODAY, ZoneOffset.UTC),
              new PrintStream(log, true, StandardCharsets.UTF_8),
              http);
      // today like the baseline: nothing
      for (int i = 0; i < 30; i++)
        monitor.observe(sample(TODAY.minusSeconds(i), random.nextDouble() < 0.1, 0.8));
      assertThat(monitor.check()).isEmpty();
      // then the corpus breaks: most answers abstain
      for (int i = 0; i < 60; i++)
        monitor.observe(sample(TODAY.minusSeconds(100 + i), true, Double.NaN));
      var alerts = monitor.check();
      assertThat(alerts).extracting(DriftAlert::metric).containsExactly("abstention_rate");
      assertThat(alerts.getFirst().value()).isGreaterThan(0.6);
      assertThat(alerts.getFirst().baseline()).isBetween(0.02, 0.2);
      assertThat(monitor.check()).as("once a day per metric").isEmpty();
      assertThat(monitor.alertsRaised()).isEqualTo(1);
      assertThat(log.toString(StandardCharsets.UTF_8))
          .contains("drift: abstention_rate of acme/docs");
      String body = posted.poll(10, TimeUnit.SECONDS);
      assertThat(body).isNotNull();
      JsonNode json = new ObjectMapper().readTree(body);
      assertThat(json.path("metric").asText()).isEqualTo("abstention_rate");
      assertThat(store.alerts(Optional.of("acme"), "2026-12-01")).hasSize(1);
      assertThat(store.alerts(Optional.of("other"), "2026-12-01")).isEmpty();
      var series = store.daily(Optional.of("acme"), Optional.empty(), "2026-11-30");
      assertThat(series).hasSize(8);
      assertThat(series.getLast().n()).isEqualTo(90);
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void tooFewSamplesNeverAlert() {
    try (DriftStore store = DriftStore.open(dir.resolve("grounded.db"))) {
      for (int d = 1; d <= 3; d++) store.add(sample(TODAY.minusSeconds(86400L * d), false, 0.9));
      DriftMonitor m =
          new DriftMonitor(
              store,
              DriftSettings.DEFAULTS,
              Clock.fixed(TODAY, ZoneOffset.UTC),
              new PrintStream(new ByteArrayOutputStream()),
              null);
      for (int i = 0; i < 50; i++) m.observe(sample(TODAY.minusSeconds(i), true, Double.NaN));
      assertThat(m.check()).isEmpty();
    }
  }

  @Test
  void theSampleRateHoldsAndIsStablePerRequest() {
    try (DriftStore store = DriftStore.open(dir.resolve("grounded.db"))) {
      DriftMonitor m =
          new DriftMonitor(
              store,
              new DriftSettings(0.1, 7, 20, Map.of(), Optional.empty()),
              Clock.systemUTC(),
              new PrintStream(new ByteArrayOutputStream()),
              null);
      int in = 0;
      for (int i = 0; i < 20_000; i++) if (m.sampled("req_" + i)) in++;
      assertThat(in / 20_000.0).isBetween(0.09, 0.11);
      assertThat(m.sampled("req_42")).isEqualTo(m.sampled("req_42"));
    }
  }

  @Test
  void aFailureSetPassingLessThanAtItsLastReplayAlerts() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (DriftStore store = DriftStore.open(dir.resolve("grounded.db"))) {
      DriftMonitor m =
          new DriftMonitor(
              store,
              DriftSettings.DEFAULTS,
              Clock.fixed(TODAY, ZoneOffset.UTC),
              new PrintStream(log, true, StandardCharsets.UTF_8),
              null);
      assertThat(m.replayed("acme", "docs", 20, 10))
          .as("the first replay: nothing before")
          .isEmpty();
      assertThat(m.replayed("acme", "docs", 20, 9)).as("-5 points: within the band").isEmpty();
      var alert = m.replayed("acme", "docs", 20, 5);
      assertThat(alert)
          .hasValueSatisfying(
              a -> {
                assertThat(a.metric()).isEqualTo("replay_pass_rate");
                assertThat(a.value()).isEqualTo(0.25);
                assertThat(a.baseline()).isEqualTo(0.45);
              });
      assertThat(m.replayed("acme", "docs", 20, 12)).as("better: no alert").isEmpty();
      assertThat(store.replays(Optional.of("acme"), "2026-12-01")).hasSize(4);
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("replay_pass_rate of acme/docs");
    }
  }
}
