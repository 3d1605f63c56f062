package dev.grounded.guard.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An Ed25519 key that signs collection digests, or only its public half, which verifies them. Keys
 * are stored as base64 PKCS#8 (private) and X.509 (public) text files.
 */
public final class SigningKey {
  private final PublicKey publicKey;
  private final PrivateKey privateKey; // null: verify only

  private SigningKey(PublicKey publicKey, PrivateKey privateKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.privateKey = privateKey;
  }

  /** A new random key pair. */
  public static SigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new SigningKey(pair.getPublic(), pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /**
   * The key pair in {@code privateFile} (its public half in {@code privateFile.pub}), made on first
   * use: written owner-only, each half moved into place whole, so a crash leaves no half key.
   */
  public static SigningKey readOrCreate(Path privateFile) throws IOException {
    Path pub = privateFile.resolveSibling(privateFile.getFileName() + ".pub");
    if (Files.exists(privateFile)) return read(privateFile, pub);
    dev.grounded.core.PrivateFiles.directory(privateFile.toAbsolutePath().getParent());
    SigningKey k = generate();
    Path tmpPriv =
        dev.grounded.core.PrivateFiles.file(
            privateFile.resolveSibling(privateFile.getFileName() + ".tmp"));
    Path tmpPub = pub.resolveSibling(pub.getFileName() + ".tmp");
    k.write(tmpPriv, tmpPub);
    Files.move(tmpPub, pub, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.move(tmpPriv, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return k;
  }

  /** The key pair in {@code privateFile} (with its public half in {@code publicFile}). */
  public static SigningKey read(Path privateFile, Path publicFile) throws IOException {
    try {
      KeyFactory f = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(decode(privateFile)));
      PublicKey pub = f.generatePublic(new X509EncodedKeySpec(decode(publicFile)));
      return new SigningKey(pub, priv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(privateFile + " or " + publicFile + " is not an Ed25519 key", e);
    }
  }

  /** A verify-only key from a public key file. */
  public static SigningKey readPublic(Path publicFile) throws IOException {
    return fromPublic(new String(Files.readAllBytes(publicFile), StandardCharsets.US_ASCII).trim())
        .orElseThrow(() -> new IOException(publicFile + " is not an Ed25519 public key"));
  }

  /** A verify-only key from its base64 X.509 text, empty when it is not one. */
  public static Optional<SigningKey> fromPublic(String base64) {
    try {
      KeyFactory f = KeyFactory.getInstance("Ed25519");
      return Optional.of(
          new SigningKey(
              f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))), null));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes the private half to {@code privateFile} (which the caller made private) and the public
   * half.
   */
  public void write(Path privateFile, Path publicFile) throws IOException {
    if (privateKey == null)
      throw new IllegalStateException("a verify-only key has no private half");
    Files.writeString(
        privateFile, Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n");
    Files.writeString(publicFile, publicBase64() + "\n");
  }

  public String publicBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** A short name of the public key: the first 16 hex digits of its SHA-256. */
  public String id() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base64 signature of {@code message}. */
  public String sign(String message) {
    if (privateKey == null) throw new IllegalStateException("a verify-only key cannot sign");
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code signature} (base64) is this key's signature of {@code message}. */
  public boolean verify(String message, String signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] decode(Path file) throws IOException {
    return Base64.getDecoder()
        .decode(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim());
  }
}
