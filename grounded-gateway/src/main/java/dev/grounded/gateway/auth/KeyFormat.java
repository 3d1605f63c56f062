package dev.grounded.gateway.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The key format {@code gr-<id>-<secret>}: the id is 12 random base32 characters (lowercase letters
 * and 2-7, 60 bits), the secret 32 random bytes in unpadded base64url (43 characters). Internal.
 */
final class KeyFormat {
  static final int SALT_BYTES = 16;
  private static final String PREFIX = "gr-";
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int ID_LENGTH = 12;
  private static final int SECRET_BYTES = 32;
  private static final int SECRET_CHARS = 43;
  private static final int KEY_LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_CHARS;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** A presented key split into its id and the decoded secret. */
  record Parsed(String id, byte[] secret) {}

  private KeyFormat() {}

  static boolean isId(String s) {
    if (s.length() != ID_LENGTH) return false;
    for (int i = 0; i < s.length(); i++) if (ID_ALPHABET.indexOf(s.charAt(i)) < 0) return false;
    return true;
  }

  static String newId(SecureRandom random) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) id.append(ID_ALPHABET.charAt(random.nextInt(32)));
    return id.toString();
  }

  static byte[] newSecret(SecureRandom random) {
    return bytes(random, SECRET_BYTES);
  }

  static byte[] newSalt(SecureRandom random) {
    return bytes(random, SALT_BYTES);
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static String format(String id, byte[] secret) {
    return PREFIX + id + "-" + ENCODER.encodeToString(secret);
  }

  /** Splits a presented key, or returns empty if it is not exactly in the canonical format. */
  static Optional<Parsed> parse(String key) {
    if (key.length() != KEY_LENGTH || !key.startsWith(PREFIX)) return Optional.empty();
    String id = key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
    if (!isId(id) || key.charAt(PREFIX.length() + ID_LENGTH) != '-') return Optional.empty();
    String encoded = key.substring(KEY_LENGTH - SECRET_CHARS);
    byte[] secret;
    try {
      secret = Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The last character carries 2 unused bits: accept only the one canonical spelling.
    if (secret.length != SECRET_BYTES || !ENCODER.encodeToString(secret).equals(encoded))
      return Optional.empty();
    return Optional.of(new Parsed(id, secret));
  }

  /**
   * SHA-256(salt || secret). A fast hash is enough: the secret is 256 random bits, so there is
   * nothing to brute-force and a slow KDF (bcrypt, Argon2) would only slow every request down.
   */
  static byte[] hash(byte[] salt, byte[] secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
