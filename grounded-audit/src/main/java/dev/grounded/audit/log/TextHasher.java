package dev.grounded.audit.log;

import dev.grounded.core.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes prompts and answers for the audit log with HMAC-SHA256 under a key of the instance, so the
 * log proves which text was sent without being a dictionary of it: a plain SHA-256 of a short
 * prompt ("my ssn is …") could be found by trying candidates, a keyed hash only by whoever holds
 * the key. Thread-safe.
 */
public final class TextHasher {
  private final byte[] key;

  /**
   * An initialized MAC, cloned per text (cheaper than initializing one; requests run on virtual
   * threads, so a per-thread MAC would not be reused).
   */
  private final Mac prototype;

  public TextHasher(byte[] key) {
    if (key.length < 16) throw new IllegalArgumentException("an HMAC key needs >= 16 bytes");
    this.key = key.clone();
    this.prototype = newMac();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(); // a provider whose MAC cannot be cloned
    }
  }

  /**
   * The key in {@code file} (base64 of 32 random bytes), made owner-only on first use and linked
   * into place whole (never replacing a key another process made meanwhile).
   */
  public static TextHasher readOrCreate(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      PrivateFiles.directory(file.toAbsolutePath().getParent());
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      Path tmp =
          PrivateFiles.file(
              file.resolveSibling(
                  file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp"));
      Files.writeString(tmp, Base64.getEncoder().encodeToString(k) + "\n");
      try {
        Files.createLink(file, tmp); // fails if another process made the key first: use theirs
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // theirs is read below
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    try {
      return new TextHasher(
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a base64 key", e);
    }
  }

  /** The hex HMAC of {@code text}; empty for an empty text (nothing was sent). */
  public String hash(String text) {
    if (text.isEmpty()) return "";
    return HexFormat.of().formatHex(mac().doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
