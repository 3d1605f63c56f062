package dev.grounded.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  @TempDir Path tmp;
  Path file;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
  ApiKeys keys;

  @BeforeEach
  void open() {
    file = tmp.resolve("data/grounded.db");
    keys = ApiKeys.open(file, clock);
  }

  @AfterEach
  void close() {
    keys.close();
  }

  @Test
  void aCreatedKeyAuthenticatesAsItsTenant() {
    IssuedKey issued = keys.create("acme", "ci bot");

    assertThat(issued.secret()).matches("gr-[a-z2-7]{12}-[A-Za-z0-9_-]{43}");
    assertThat(issued.secret()).startsWith("gr-" + issued.key().id() + "-");
    assertThat(issued.key())
        .isEqualTo(
            new ApiKey(
                issued.key().id(),
                "acme",
                "ci bot",
                clock.instant(),
                Optional.empty(),
                Optional.empty()));
    assertThat(keys.authenticate(issued.secret()))
        .contains(new Principal("acme", issued.key().id()));
  }

  @Test
  void aWrongSecretAnUnknownIdOrAMalformedStringAuthenticatesNobody() {
    String key = keys.create("acme", "").secret();
    String other = keys.create("acme", "").secret();
    String id = key.substring(3, 15);
    List<String> rejected =
        List.of(
            "",
            "gr-",
            "gr-" + id,
            "gr-" + id + "-",
            other.substring(0, 16) + key.substring(16), // another key's id with this secret
            "gr-aaaaaaaaaaaa" + key.substring(15), // unknown id
            key.toUpperCase(),
            key + "=",
            key + "A",
            key.substring(0, key.length() - 1),
            " " + key,
            "Bearer " + key,
            key.replace("gr-", "gk-"),
            key.substring(0, 15) + "_" + key.substring(16),
            key.substring(0, 20) + "!" + key.substring(21),
            key.substring(0, 20) + "é" + key.substring(21),
            "gr-" + id + "-" + "x".repeat(10_000));
    for (String s : rejected) assertThat(keys.authenticate(s)).as(s).isEmpty();
    assertThat(keys.authenticate(key)).isPresent();
  }

  @Test
  void everyOneCharacterChangeToAKeyIsRejected() {
    String key = keys.create("acme", "").secret();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. \u00e9";
    for (int i = 0; i < key.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == key.charAt(i)) continue;
        String changed = key.substring(0, i) + c + key.substring(i + 1);
        assertThat(keys.authenticate(changed)).as(changed).isEmpty();
      }
    }
  }

  @Test
  void aRevokedKeyNoLongerAuthenticatesAndRevokingAgainKeepsTheFirstTime() {
    IssuedKey issued = keys.create("acme", "");
    Instant revokedAt = clock.instant();

    assertThat(keys.revoke(issued.key().id())).isTrue();
    assertThat(keys.authenticate(issued.secret())).isEmpty();

    clock.advance(Duration.ofHours(1));
    assertThat(keys.revoke(issued.key().id())).isTrue();
    ApiKey listed = keys.list(null).getFirst();
    assertThat(listed.revokedAt()).contains(revokedAt);
    assertThat(listed.active()).isFalse();
  }

  @Test
  void revokingAnUnknownOrMalformedIdReturnsFalse() {
    keys.create("acme", "");
    assertThat(keys.revoke("aaaaaaaaaaaa")).isFalse();
    assertThat(keys.revoke("not an id")).isFalse();
    assertThat(keys.revoke("")).isFalse();
    assertThat(keys.anyActive()).isTrue();
  }

  @Test
  void theStoreHoldsOnlyASaltAndAHashNeverTheSecret() throws Exception {
    List<IssuedKey> issued = List.of(keys.create("acme", "a"), keys.create("acme", "b"));
    List<byte[]> salts = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM api_keys")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          byte[] raw = rs.getBytes(i);
          if (raw == null) continue;
          row.append(new String(raw, StandardCharsets.ISO_8859_1)).append('|');
          row.append(HexFormat.of().formatHex(raw)).append('|');
        }
        for (IssuedKey k : issued) {
          String encoded = k.secret().substring(16);
          byte[] secret = Base64.getUrlDecoder().decode(encoded);
          assertThat(row.toString())
              .doesNotContain(encoded)
              .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
              .doesNotContain(HexFormat.of().formatHex(secret));
        }
        assertThat(rs.getBytes("salt")).hasSize(16);
        assertThat(rs.getBytes("hash")).hasSize(32);
        salts.add(rs.getBytes("salt"));
      }
    }
    assertThat(salts).hasSize(2);
    assertThat(salts.get(0)).isNotEqualTo(salts.get(1));
  }

  @Test
  void listFiltersByTenantOldestFirst() {
    IssuedKey a1 = keys.create("acme", "first");
    clock.advance(Duration.ofSeconds(1));
    IssuedKey b = keys.create("beta.corp", "");
    clock.advance(Duration.ofSeconds(1));
    IssuedKey a2 = keys.create("acme", "second");

    assertThat(keys.list(null)).containsExactly(a1.key(), b.key(), a2.key());
    assertThat(keys.list("acme")).containsExactly(a1.key(), a2.key());
    assertThat(keys.list("beta.corp")).containsExactly(b.key());
    assertThat(keys.list("nobody")).isEmpty();
  }

  @Test
  void badTenantsAndNamesAreInvalidRequestsNamingTheParameter() {
    for (String tenant : List.of("", "-acme", "acme corp", "a/b", "x".repeat(65), "ünï")) {
      assertThatThrownBy(() -> keys.create(tenant, ""))
          .as(tenant)
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.param()).contains("tenant");
              });
    }
    assertThat(keys.create("A" + "x".repeat(63), "").key().tenant()).hasSize(64);
    assertThatThrownBy(() -> keys.create("acme", "n".repeat(101)))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.param()).contains("name"));
    assertThatThrownBy(() -> keys.create("acme", "two\nlines"))
        .isInstanceOf(GroundedException.class);
    assertThat(keys.create("acme", "n".repeat(100)).key().name()).hasSize(100);
    assertThat(keys.list(null)).hasSize(2);
  }

  @Test
  void anyActiveIsTrueOnlyWhileSomeKeyIsNotRevoked() {
    assertThat(keys.anyActive()).isFalse();
    IssuedKey a = keys.create("acme", "");
    IssuedKey b = keys.create("beta", "");
    assertThat(keys.anyActive()).isTrue();
    keys.revoke(a.key().id());
    assertThat(keys.anyActive()).isTrue();
    keys.revoke(b.key().id());
    assertThat(keys.anyActive()).isFalse();
  }

  @Test
  void aRevocationByAnotherProcessTakesEffectOnTheNextCall() {
    IssuedKey issued = keys.create("acme", "");
    assertThat(keys.authenticate(issued.secret())).isPresent();
    try (ApiKeys cli = ApiKeys.open(file)) {
      assertThat(cli.list("acme")).extracting(ApiKey::id).containsExactly(issued.key().id());
      assertThat(cli.revoke(issued.key().id())).isTrue();
    }
    assertThat(keys.authenticate(issued.secret())).isEmpty();
    assertThat(keys.anyActive()).isFalse();
  }

  @Test
  void lastUseIsWrittenAtMostOnceAMinute() {
    IssuedKey issued = keys.create("acme", "");
    Instant first = clock.instant();
    keys.authenticate(issued.secret());
    assertThat(keys.list(null).getFirst().lastUsedAt()).contains(first);

    clock.advance(Duration.ofSeconds(59));
    keys.authenticate(issued.secret());
    assertThat(keys.list(null).getFirst().lastUsedAt()).contains(first);

    clock.advance(Duration.ofSeconds(1));
    keys.authenticate(issued.secret());
    assertThat(keys.list(null).getFirst().lastUsedAt()).contains(clock.instant());

    Instant last = clock.instant();
    clock.advance(Duration.ofMinutes(5));
    assertThat(keys.authenticate(issued.secret().substring(0, 16) + "A".repeat(43))).isEmpty();
    assertThat(keys.list(null).getFirst().lastUsedAt()).contains(last);
  }

  @Test
  void concurrentCreatesFromThreadsAndStoresAllSucceedWithDistinctIds() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Future<?>> tasks = new ArrayList<>();
    try (ApiKeys second = ApiKeys.open(file);
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        ApiKeys store = t % 2 == 0 ? keys : second;
        String tenant = "t" + t;
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    IssuedKey k = store.create(tenant, "k" + i);
                    ids.add(k.key().id());
                    assertThat(store.authenticate(k.secret()))
                        .contains(new Principal(tenant, k.key().id()));
                  }
                }));
      }
      for (Future<?> f : tasks) f.get();
    }
    assertThat(ids).hasSize(200);
    assertThat(keys.list(null)).hasSize(200);
    assertThat(keys.list("t3")).hasSize(25);
  }

  @Test
  void anIssuedKeyDoesNotPrintItsSecret() {
    IssuedKey issued = keys.create("acme", "");
    assertThat(issued.toString())
        .contains(issued.key().id())
        .doesNotContain(issued.secret())
        .doesNotContain(issued.secret().substring(16));
  }

  @Test
  void aClosedStoreSaysSo() {
    keys.close();
    assertThatThrownBy(() -> keys.anyActive())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    keys.close();
  }
}
