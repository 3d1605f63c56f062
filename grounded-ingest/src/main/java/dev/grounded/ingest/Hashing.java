package dev.grounded.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for content hashes and stable ids. */
public final class Hashing {
  private Hashing() {}

  public static String sha256(String text) {
    return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The content hash of a file ingested under given settings: its bytes' SHA-256 salted with the
   * settings fingerprint, so a file re-ingests when either changes. Uploads and files on disk use
   * the same hash, so the same bytes are never embedded twice.
   */
  static String contentHash(Path file, String salt) throws IOException {
    return sha256(sha256(file) + "\n" + salt);
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
