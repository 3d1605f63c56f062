package dev.grounded.guard.pii;

import dev.grounded.guard.pii.SpanScores.Labelled;
import dev.grounded.guard.pii.SpanScores.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * A seeded generator of labelled secrets in the published formats of common providers, each set in
 * a sentence, a config line or an HTTP header, and of look-alikes that must not be flagged: git
 * SHAs, UUIDs, base64 images, hashes in prose, placeholders. For the evaluation test and the bench;
 * the same seed gives the same samples.
 */
public final class SecretSamples {
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String ALNUM = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String B64 = ALNUM + "+/";
  private static final String URLSAFE = ALNUM + "_-";

  private record Kind(String type, Function<Random, String> value) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind(
              "secret.aws_key",
              r -> pick(r, "AKIA", "AKIA", "ASIA") + chars(r, UPPER + "234567", 16)),
          new Kind("secret.aws_secret", r -> awsSecret(r)),
          new Kind(
              "secret.github_token", r -> pick(r, "ghp_", "gho_", "ghs_") + chars(r, ALNUM, 36)),
          new Kind(
              "secret.github_token",
              r -> "github_pat_" + chars(r, ALNUM, 22) + "_" + chars(r, ALNUM, 59)),
          new Kind(
              "secret.openai_key",
              r ->
                  pick(r, "sk-proj-", "sk-")
                      + chars(r, URLSAFE, 48 + r.nextInt(100))
                      + r.nextInt(10)),
          new Kind("secret.anthropic_key", r -> "sk-ant-api03-" + chars(r, URLSAFE, 93) + "AA"),
          new Kind(
              "secret.slack_token",
              r ->
                  pick(r, "xoxb-", "xoxp-")
                      + digits(r, 11)
                      + "-"
                      + digits(r, 12)
                      + "-"
                      + chars(r, ALNUM, 24)),
          new Kind(
              "secret.stripe_key",
              r ->
                  pick(r, "sk_live_", "rk_live_", "sk_test_")
                      + chars(r, ALNUM, 24 + r.nextInt(76))),
          new Kind("secret.google_api_key", r -> "AIza" + chars(r, URLSAFE, 35)),
          new Kind("secret.jwt", r -> jwt(r)),
          new Kind("secret.private_key", r -> pem(r)),
          new Kind("secret.password", r -> password(r)),
          new Kind(
              "secret.high_entropy",
              r -> chars(r, r.nextBoolean() ? ALNUM : "0123456789abcdef", 24 + r.nextInt(40))));

  private static final List<String> SETTINGS =
      List.of(
          "Here is my key: %s can you check why it fails?",
          "export API_TOKEN=%s",
          "config:\n  credentials: \"%s\"\n  region: eu-west-1",
          "I pasted %s into the settings page and got a 401.",
          "curl -H 'Authorization: Bearer %s' https://api.internal/v1/items",
          "{\"api_key\": \"%s\", \"timeout\": 30}",
          "Use %s for the staging deploy, rotate it after.");

  private static final List<Function<Random, String>> LOOKALIKES =
      List.of(
          r -> "Fixed in commit " + HexFormat.of().formatHex(bytes(r, 20)) + ", see the changelog.",
          r -> "request id " + new UUID(r.nextLong(), r.nextLong()) + " failed at 12:03:44",
          r ->
              "<img src=\"data:image/png;base64,"
                  + Base64.getEncoder().encodeToString(bytes(r, 60 + r.nextInt(120)))
                  + "\">",
          r ->
              "The sha256 of the release tarball is "
                  + HexFormat.of().formatHex(bytes(r, 32))
                  + " and the md5 is "
                  + HexFormat.of().formatHex(bytes(r, 16))
                  + ".",
          r -> "api_key=YOUR_API_KEY_HERE and token: xxxxxxxxxxxx in the example config",
          r -> "The token is valid for 3600 seconds; the password reset link expires sooner.",
          r -> "Upgrade from 2.14.3 to 2.15.0-rc1 (build " + digits(r, 7) + ")",
          r -> "Set OPENAI_API_KEY in your environment, never the key itself.",
          r -> "Our sk-learn pipeline and the xoxo greeting are not secrets.",
          r -> "Docker image sha256:" + HexFormat.of().formatHex(bytes(r, 32)) + " pulled",
          r -> "token: expired at " + (10 + r.nextInt(12)) + ":00, password: see the vault entry",
          r ->
              "secret = os.environ['APP_SECRET']; api_key: ${API_KEY}; Authorization: Bearer <token>",
          r ->
              "ssh-keygen printed the fingerprint SHA256:"
                  + chars(r, ALNUM, 43)
                  + " for the new key",
          r ->
              "see https://example.com/docs/"
                  + chars(r, "abcdefghijklmnopqrstuvwxyz", 12)
                  + "-guide?page="
                  + r.nextInt(9),
          r ->
              "order "
                  + digits(r, 12)
                  + " shipped to warehouse "
                  + chars(r, UPPER, 3)
                  + "-"
                  + digits(r, 4));

  private SecretSamples() {}

  /** {@code perKind} positive samples of each kind and as many look-alikes, shuffled by seed. */
  public static List<Labelled> generate(long seed, int perKind) {
    Random r = new Random(seed);
    List<Labelled> out = new ArrayList<>();
    for (Kind k : KINDS) for (int i = 0; i < perKind; i++) out.add(positive(k, r));
    for (int i = 0; i < perKind * KINDS.size() / 2; i++)
      out.add(new Labelled(LOOKALIKES.get(r.nextInt(LOOKALIKES.size())).apply(r), List.of()));
    java.util.Collections.shuffle(out, r);
    return out;
  }

  private static Labelled positive(Kind k, Random r) {
    String value = k.value().apply(r);
    if (k.type().equals("secret.aws_secret")) {
      String id = "AKIA" + chars(r, UPPER + "234567", 16);
      String text = "aws_access_key_id = " + id + "\naws_secret_access_key = " + value + "\n";
      int a = text.indexOf(id), s = text.indexOf(value);
      return new Labelled(
          text,
          List.of(
              new Span("secret.aws_key", a, a + id.length()),
              new Span(k.type(), s, s + value.length())));
    }
    String setting;
    if (k.type().equals("secret.password"))
      setting =
          pick(
              r,
              "password=%s",
              "DB_PASSWORD: %s",
              "my password is %s, please reset it",
              "\"pwd\": \"%s\"");
    else if (k.type().equals("secret.high_entropy"))
      setting =
          pick(
              r,
              "use %s to log in to the build server",
              "the webhook signature key is now %s (rotated today)",
              "api_key=%s",
              "client_secret: %s",
              "token = \"%s\"",
              "X-Api-Key: %s",
              "secret=%s&user=bob");
    else if (k.type().equals("secret.private_key")) {
      if (r.nextBoolean()) setting = "deploy key:\n%s\nkeep it safe";
      else { // a service account file: the key in a JSON string, its newlines escaped
        setting = "{\"type\": \"service_account\", \"private_key\": \"%s\\n\"}";
        value = value.replace("\n", "\\n");
      }
    } else setting = SETTINGS.get(r.nextInt(SETTINGS.size()));
    String text = setting.formatted(value);
    int s = text.indexOf(value);
    return new Labelled(text, List.of(new Span(k.type(), s, s + value.length())));
  }

  private static String awsSecret(Random r) {
    String v;
    do v = chars(r, B64, 40);
    while (v.chars().noneMatch(Character::isUpperCase)
        || v.chars().noneMatch(Character::isLowerCase)
        || v.chars().noneMatch(Character::isDigit));
    return v;
  }

  private static String jwt(Random r) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    String header = e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String claims =
        "{\"sub\":\"" + digits(r, 8) + "\",\"iat\":" + (1_700_000_000L + r.nextInt(1 << 25)) + "}";
    return header
        + "."
        + e.encodeToString(claims.getBytes())
        + "."
        + e.encodeToString(bytes(r, 32));
  }

  private static String pem(Random r) {
    String kind = pick(r, "RSA ", "EC ", "OPENSSH ", "");
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(bytes(r, 300 + r.nextInt(900)));
    return "-----BEGIN "
        + kind
        + "PRIVATE KEY-----\n"
        + body
        + "\n-----END "
        + kind
        + "PRIVATE KEY-----";
  }

  private static String password(Random r) {
    String word = pick(r, "Summer", "tiger", "Orange", "blue", "Castle", "rocket");
    return word + digits(r, 2 + r.nextInt(3)) + pick(r, "!", "#", "", "$", "?x");
  }

  static String chars(Random r, String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    return b.toString();
  }

  private static String digits(Random r, int n) {
    return chars(r, "0123456789", n);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
