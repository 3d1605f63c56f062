package dev.grounded.gateway.registry;

import java.util.Objects;

/**
 * The version a request gets.
 *
 * @param version the version
 * @param label the label it was reached through ({@code latest} for the newest, empty when the
 *     request named the version)
 * @param split whether the label's split picked it (the subject fell in the split's share)
 */
public record Resolved(Version version, String label, boolean split) {
  public Resolved {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(label, "label");
  }
}
