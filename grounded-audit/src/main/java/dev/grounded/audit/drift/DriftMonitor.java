package dev.grounded.audit.drift;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Samples answers as they are given and watches their daily series: {@link #sampled} says whether a
 * request is in the sample (a hash of its id against the rate), {@link #observe} keeps a sampled
 * answer's scores, and {@link #check} compares each collection's today against its baseline (the
 * days before, pooled), raising an alert per metric that moved beyond its band: a log line, a
 * counter for the metrics endpoint, and a JSON POST to the webhook when one is set. Each metric of
 * a collection alerts at most once a day. Thread-safe.
 */
public final class DriftMonitor {
  private final DriftStore store;
  private final DriftSettings settings;
  private final Clock clock;
  private final PrintStream log;
  private final HttpClient http;
  private final AtomicLong alerts = new AtomicLong();
  private volatile Consumer<DriftAlert> listener = a -> {};

  /**
   * @param http posts alerts to the webhook; null when none is set
   */
  public DriftMonitor(
      DriftStore store, DriftSettings settings, Clock clock, PrintStream log, HttpClient http) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.http = http;
  }

  /** Also tells {@code l} about each new alert (a metric counter). */
  public void onAlert(Consumer<DriftAlert> l) {
    this.listener = Objects.requireNonNull(l, "listener");
  }

  /** Alerts raised by this monitor since it started. */
  public long alertsRaised() {
    return alerts.get();
  }

  public DriftStore store() {
    return store;
  }

  /** Whether request {@code requestId} is in the sample. */
  public boolean sampled(String requestId) {
    if (settings.sampleRate() <= 0) return false;
    if (settings.sampleRate() >= 1) return true;
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
      long v = ((d[0] & 0xffL) << 16) | ((d[1] & 0xffL) << 8) | (d[2] & 0xffL);
      return v < settings.sampleRate() * (1 << 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keeps {@code s} (the caller sampled it). */
  public void observe(DriftSample s) {
    store.add(s);
  }

  /** Compares today with the baseline for every collection sampled today; returns new alerts. */
  public List<DriftAlert> check() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String day = today.toString();
    String from = today.minusDays(settings.baselineDays()).toString();
    List<DriftAlert> raised = new ArrayList<>();
    for (String[] tc : store.sampledOn(day)) {
      DriftStore.Point current = store.pooled(tc[0], tc[1], day, today.plusDays(1).toString());
      DriftStore.Point baseline = store.pooled(tc[0], tc[1], from, day);
      if (current.n() < settings.minSamples() || baseline.n() < settings.minSamples()) continue;
      for (Map.Entry<String, Double> band : settings.bands().entrySet()) {
        if (!DriftStore.METRICS.contains(band.getKey())) continue; // not a daily series
        double v = current.metric(band.getKey()), b = baseline.metric(band.getKey());
        if (Double.isNaN(v) || Double.isNaN(b) || Math.abs(v - b) <= band.getValue()) continue;
        DriftAlert a = new DriftAlert(day, tc[0], tc[1], band.getKey(), v, b, band.getValue(), now);
        if (store.addAlert(a)) raised.add(a);
      }
    }
    for (DriftAlert a : raised) raise(a);
    return raised;
  }

  /**
   * Keeps a replay of a collection's failure set; alerts when its pass rate fell more than the
   * {@code replay_pass_rate} band below the replay before (the safety regression check). Returns
   * the new alert, if any.
   */
  public Optional<DriftAlert> replayed(String tenant, String collection, int items, int passed) {
    Instant now = clock.instant();
    DriftStore.Replay r = new DriftStore.Replay(now, tenant, collection, items, passed);
    Optional<DriftStore.Replay> before = store.addReplay(r);
    Double band = settings.bands().get(DriftStore.REPLAY);
    if (band == null || before.isEmpty() || items == 0 || before.get().items() == 0)
      return Optional.empty();
    double was = before.get().passRate(), is = r.passRate();
    if (was - is <= band) return Optional.empty();
    DriftAlert a =
        new DriftAlert(
            DriftStore.day(now), tenant, collection, DriftStore.REPLAY, is, was, band, now);
    if (!store.addAlert(a)) return Optional.empty();
    raise(a);
    return Optional.of(a);
  }

  private void raise(DriftAlert a) {
    alerts.incrementAndGet();
    log.println("grounded: " + a.message());
    log.flush();
    listener.accept(a);
    if (http != null && settings.webhook().isPresent()) {
      HttpRequest post =
          HttpRequest.newBuilder(settings.webhook().get())
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(a.json().toString()))
              .build();
      http.sendAsync(post, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                  log.println(
                      "grounded: drift webhook "
                          + settings.webhook().get()
                          + " failed: "
                          + (e != null ? e.getMessage() : "HTTP " + r.statusCode()));
                  log.flush();
                }
              });
    }
  }
}
