package dev.grounded.gateway.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Sticky traffic splits: a subject (a user, else a key, else a request) falls in a bucket from 0 to
 * 9,999 given by SHA-256 of tenant, subject and entry name, so the same subject always gets the
 * same version of an entry while the split stands, and different entries split independently.
 */
public final class Rollout {
  /** Buckets per 100 %: a split of p % takes the buckets below {@code p * 100}. */
  public static final int BUCKETS = 10_000;

  private Rollout() {}

  /**
   * The subject's bucket for the entry {@code name} of {@code tenant}, in [0, {@value #BUCKETS}).
   */
  public static int bucket(String tenant, String subject, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    byte[] d;
    try {
      d =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant + '\0' + subject + '\0' + name).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xff);
    return (int) Long.remainderUnsigned(v, BUCKETS);
  }

  /** Whether the subject falls in a split of {@code percent} %. */
  public static boolean inSplit(String tenant, String subject, String name, int percent) {
    return bucket(tenant, subject, name) < percent * (BUCKETS / 100);
  }

  /**
   * Who a request counts as for a split: its user when it names one, else its API key, else the
   * request itself (no stickiness is possible then).
   */
  public static String subject(String user, String keyId, String requestId) {
    if (user != null && !user.isBlank()) return "user:" + user;
    if (keyId != null && !keyId.isBlank()) return "key:" + keyId;
    return "request:" + Objects.requireNonNull(requestId, "requestId");
  }
}
