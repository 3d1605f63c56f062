package dev.grounded.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.guard.provenance.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;
  final SigningKey key = SigningKey.generate();
  final TextHasher hasher = new TextHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

  AuditLog open(AuditOptions options) {
    return AuditLog.open(dir.resolve("grounded.db"), key, hasher, options, Clock.systemUTC());
  }

  AuditEntry entry(String tenant, String user, String rid, String in, String out, String doc) {
    return new AuditEntry(
        new AuditRecord(
            Instant.now(),
            "ask",
            tenant,
            "k1",
            user,
            "/api/ask",
            "",
            "rag:docs",
            "",
            doc.isEmpty()
                ? List.of()
                : List.of(new AuditRecord.Source("docs", doc, 2, "abc", 1, 5, 40)),
            List.of(),
            false,
            3,
            4,
            0,
            "ok",
            rid,
            hasher.hash(in),
            hasher.hash(out)),
        in,
        out);
  }

  @Test
  void usersAreReferencesAndTextsFollowTheTenantPolicy() {
    try (AuditLog log = open(new AuditOptions(Set.of("acme"), 1000, Duration.ofMinutes(5)))) {
      log.appendAll(
          List.of(
              entry("acme", "alice@example.com", "r1", "what is x?", "x is y [1]", "a.md"),
              entry("other", "bob", "r2", "secret question", "answer", "")));
      List<StoredRecord> all = log.query(AuditQuery.ALL);
      assertThat(all).hasSize(2);
      StoredRecord alice = all.get(0);
      assertThat(alice.record().user()).startsWith("u_").doesNotContain("alice");
      assertThat(alice.userName()).isEqualTo("alice@example.com");
      assertThat(alice.record().inputHash()).isEqualTo(hasher.hash("what is x?"));
      assertThat(log.texts(alice.seq())).containsEntry("input", "what is x?");
      assertThat(log.texts(all.get(1).seq())).as("tenant other keeps hashes only").isEmpty();
      assertThat(log.query(AuditQuery.ALL.withUser("alice@example.com"))).hasSize(1);
      assertThat(log.query(AuditQuery.ALL.withTenant("other").withUser("alice@example.com")))
          .isEmpty();
      assertThat(log.query(AuditQuery.ALL.withDocument("docs", "a.md")))
          .extracting(r -> r.record().requestId())
          .containsExactly("r1");
    }
  }

  @Test
  void recordsLeftUnhashedGetTheirTextsKeyedHashesWhenAppendedAndVerify() {
    try (AuditLog log = open(AuditOptions.DEFAULTS)) {
      AuditRecord hashed = entry("acme", "alice", "r1", "what is x?", "x is y", "").record();
      AuditRecord unhashed =
          new AuditRecord(
              hashed.at(),
              "chat",
              "acme",
              "k1",
              "alice",
              "fake",
              "",
              "fast",
              "m",
              List.of(),
              List.of(),
              false,
              3,
              4,
              0,
              "ok",
              "r2",
              "",
              "");
      log.appendAll(
          List.of(
              new AuditEntry(hashed, "what is x?", "x is y"),
              new AuditEntry(unhashed, "what is x?", "x is y"),
              new AuditEntry(unhashed, "", "")));
      List<StoredRecord> all = log.query(AuditQuery.ALL);
      assertThat(all.get(1).record().inputHash()).isEqualTo(hasher.hash("what is x?"));
      assertThat(all.get(1).record().outputHash()).isEqualTo(hasher.hash("x is y"));
      assertThat(all.get(2).record().inputHash()).as("nothing sent, nothing hashed").isEmpty();
      assertThat(all).extracting(StoredRecord::userName).containsOnly("alice");
      assertThat(log.verify().ok()).isTrue();
    }
  }

  @Test
  void forgettingAUserOrDocumentRemovesTheirDataAndTheChainStillVerifies() {
    try (AuditLog log = open(new AuditOptions(Set.of("*"), 1000, Duration.ofMinutes(5)))) {
      log.appendAll(
          List.of(
              entry("acme", "alice", "r1", "q1", "a1", "a.md"),
              entry("acme", "alice", "r2", "q2", "a2", "b.md"),
              entry("acme", "bob", "r3", "q3", "a3", "a.md")));
      log.checkpoint();
      AuditLog.Forgotten f = log.forgetUser("acme", "alice", "del-1");
      assertThat(f.records()).isEqualTo(2);
      assertThat(f.texts()).isEqualTo(4);
      List<StoredRecord> rs = log.query(AuditQuery.ALL);
      assertThat(rs.get(0).userName()).isEmpty();
      assertThat(log.texts(rs.get(0).seq())).isEmpty();
      assertThat(log.texts(rs.get(2).seq())).as("bob's texts stay").hasSize(2);
      StoredRecord deletion = rs.get(3);
      assertThat(deletion.record().kind()).isEqualTo("deletion");
      assertThat(deletion.record().user()).isEqualTo(rs.get(0).record().user());
      assertThat(deletion.userName()).isEmpty();
      assertThat(log.query(AuditQuery.ALL.withUser("alice"))).isEmpty();

      AuditLog.Forgotten d = log.forgetDocument("acme", "docs", "a.md", "del-2");
      assertThat(d.records()).as("r1 and r3 cited a.md").isEqualTo(2);
      assertThat(d.texts()).as("r1's were gone already").isEqualTo(2);
      assertThat(log.texts(rs.get(2).seq())).isEmpty();

      AuditVerification v = log.verify();
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.records()).isEqualTo(5);
      assertThat(v.coveredThrough()).as("deletions come after the last checkpoint").isEqualTo(3);
    }
  }

  @Test
  void twoProcessesAppendingAtOnceKeepOneChain() throws Exception {
    // two handles on one file stand for two processes (the server and a CLI command)
    try (AuditLog a = open(AuditOptions.DEFAULTS);
        AuditLog b = open(AuditOptions.DEFAULTS)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        AuditLog log = t % 2 == 0 ? a : b;
        int thread = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++)
                    log.appendAll(
                        List.of(
                            entry("acme", "u" + thread, "t" + thread + "-" + i, "q", "a", ""),
                            entry(
                                "acme", "u" + thread, "t" + thread + "-" + i + "b", "q", "", "")));
                }));
      }
      for (Future<?> f : fs) f.get();
      pool.shutdown();
      AuditVerification v = a.verify();
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.records()).isEqualTo(200);
    }
  }

  @Test
  void theWriterQueuesOffTheCallerAndSignsTheHeadOnClose() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (AuditLog log = open(new AuditOptions(Set.of(), 1000, Duration.ofDays(1)))) {
      AuditWriter w = new AuditWriter(log, thread, Duration.ZERO, new PrintStream(err));
      for (int i = 0; i < 50; i++) w.record(entry("acme", "", "r" + i, "q" + i, "a", ""));
      w.close();
      assertThat(log.query(AuditQuery.ALL)).hasSize(50);
      assertThat(log.checkpoints()).last().extracting(Checkpoint::seq).isEqualTo(50L);
      assertThat(log.verify().coveredThrough()).isEqualTo(50);
    } finally {
      thread.shutdown();
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anExportHoldsTheHashedTextsAndTheCheckpoints() throws Exception {
    try (AuditLog log = open(new AuditOptions(Set.of(), 2, Duration.ofDays(1)))) {
      for (int i = 0; i < 5; i++)
        log.appendAll(List.of(entry("acme", "al", "r" + i, "q", "a", "")));
      StringWriter out = new StringWriter();
      assertThat(log.export(AuditQuery.ALL.withSince(Instant.EPOCH), out)).isEqualTo(5);
      ObjectMapper json = new ObjectMapper();
      String prev = AuditLog.GENESIS;
      int checkpoints = 0;
      for (String line : out.toString().split("\n")) {
        JsonNode n = json.readTree(line);
        if (n.has("checkpoint")) {
          checkpoints++;
          assertThat(n.get("checkpoint").get("hash").asText()).isEqualTo(prev);
          continue;
        }
        String body = n.get("record").toString();
        assertThat(AuditLog.chainHash(n.get("seq").asLong(), prev, body))
            .as("the exported record is the hashed text")
            .isEqualTo(n.get("hash").asText());
        assertThat(n.get("user_name").asText()).isEqualTo("al");
        prev = n.get("hash").asText();
      }
      assertThat(checkpoints).as("the first write, then records 2 and 4").isEqualTo(3);
    }
    assertThat(Files.exists(dir.resolve("grounded.db"))).isTrue();
  }
}
