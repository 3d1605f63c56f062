package dev.grounded.cli;

import dev.grounded.audit.Audit;
import dev.grounded.audit.log.AuditLog;
import dev.grounded.audit.log.AuditOptions;
import dev.grounded.core.config.Config;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/** The audit settings of {@code grounded.yaml} ({@code audit.*}), read once. */
record AuditPlan(boolean enabled, AuditOptions options) {
  static AuditPlan of(Config config) {
    List<String> tenants = config.get(GroundedSettings.AUDIT_TEXT_TENANTS);
    return new AuditPlan(
        config.get(GroundedSettings.AUDIT_ENABLED),
        new AuditOptions(
            new HashSet<>(tenants),
            config.get(GroundedSettings.AUDIT_CHECKPOINT_EVERY),
            Duration.ofMinutes(config.get(GroundedSettings.AUDIT_CHECKPOINT_MINUTES))));
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
