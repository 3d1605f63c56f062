package dev.grounded.cli;

import dev.grounded.audit.Audit;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.drift.DriftSettings;
import dev.grounded.audit.drift.DriftStore;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit settings of {@code grounded.yaml} ({@code audit.*}), read once. */
record AuditPlan(
    boolean enabled,
    AuditOptions options,
    boolean driftEnabled,
    DriftSettings drift,
    Duration driftEvery,
    Duration replayEvery) {
  static AuditPlan of(Config config) {
    List<String> tenants = config.get(GroundedSettings.AUDIT_TEXT_TENANTS);
    Map<String, Double> bands = new HashMap<>();
    band(bands, "abstention_rate", config.get(GroundedSettings.DRIFT_BAND_ABSTENTION));
    band(bands, "support", config.get(GroundedSettings.DRIFT_BAND_SUPPORT));
    band(bands, "guard_rate", config.get(GroundedSettings.DRIFT_BAND_GUARD));
    band(bands, "withheld_rate", config.get(GroundedSettings.DRIFT_BAND_WITHHELD));
    band(bands, "replay_pass_rate", config.get(GroundedSettings.DRIFT_BAND_REPLAY));
    String webhook = config.get(GroundedSettings.DRIFT_WEBHOOK).strip();
    Optional<URI> hook = Optional.empty();
    if (!webhook.isEmpty()) {
      try {
        URI u = URI.create(webhook);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()))
          throw new IllegalArgumentException("not http(s)");
        hook = Optional.of(u);
      } catch (IllegalArgumentException e) {
        throw GroundedException.invalid(
            "drift.webhook", "drift.webhook must be an http(s) URL, not '" + webhook + "'");
      }
    }
    return new AuditPlan(
        config.get(GroundedSettings.AUDIT_ENABLED),
        new AuditOptions(
            new HashSet<>(tenants),
            config.get(GroundedSettings.AUDIT_CHECKPOINT_EVERY),
            Duration.ofMinutes(config.get(GroundedSettings.AUDIT_CHECKPOINT_MINUTES))),
        config.get(GroundedSettings.DRIFT_ENABLED),
        new DriftSettings(
            config.get(GroundedSettings.DRIFT_SAMPLE_RATE),
            config.get(GroundedSettings.DRIFT_BASELINE_DAYS),
            config.get(GroundedSettings.DRIFT_MIN_SAMPLES),
            bands,
            hook),
        Duration.ofMinutes(config.get(GroundedSettings.DRIFT_CHECK_MINUTES)),
        Duration.ofHours(config.get(GroundedSettings.DRIFT_REPLAY_HOURS)));
  }

  private static void band(Map<String, Double> bands, String metric, double value) {
    if (value > 0) bands.put(metric, value);
  }

  /**
   * The drift monitor over {@code data}'s database, or null when drift (or audit) is off; with a
   * webhook, alerts are posted by an HTTP client of its own.
   */
  DriftMonitor drift(DataOption data, PrintStream log) {
    if (!enabled || !driftEnabled) return null;
    return new DriftMonitor(
        DriftStore.open(data.database()),
        drift,
        Clock.systemUTC(),
        log,
        drift.webhook().isPresent() ? HttpClient.newHttpClient() : null);
  }

  /** The audit log opened for writing, or null when auditing is off. */
  Audit open(DataOption data, PrintStream errors) {
    if (!enabled) return null;
    return Audit.open(data.dataDir(), data.database(), options, errors);
  }

  /** The audit log opened for reading and maintenance (whether or not auditing is on). */
  AuditLog openLog(DataOption data) {
    return Audit.openLog(data.dataDir(), data.database(), options);
  }
}
