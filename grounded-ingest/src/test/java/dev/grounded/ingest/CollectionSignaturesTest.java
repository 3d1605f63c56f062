package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.guard.provenance.SigningKey;
import dev.grounded.index.LuceneSearcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed collection versions over a real ingested collection. */
class CollectionSignaturesTest {
  @TempDir Path tmp;

  @Test
  void aSignedVersionVerifiesAndAnyChangeOrForgeryIsReported() throws Exception {
    Path docs = tmp.resolve("docs");
    Fixtures.write(docs.resolve("a.txt"), "Tractors need diesel.");
    Fixtures.write(docs.resolve("b.txt"), "Cows eat grass.");
    Path data = tmp.resolve("data");
    try (KnowledgeBase kb = Fixtures.knowledgeBase(data)) {
      kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      CollectionSignatures signatures = new CollectionSignatures(data);
      SigningKey key = signatures.key();
      assertThat(signatures.key().id()).as("the key is kept, not made again").isEqualTo(key.id());
      try (LuceneSearcher s = kb.searcher("c")) {
        assertThat(signatures.verify("c", s, key).reason()).isEqualTo("no signed version");
        ObjectNode signed = signatures.sign("c", s, key);
        CollectionSignatures.Verification v = signatures.verify("c", s, key);
        assertThat(v.verified()).isTrue();
        assertThat(v.digest()).isEqualTo(signed.path("digest").asText());
        // another key does not vouch for it
        assertThat(signatures.verify("c", s, SigningKey.generate()).verified()).isFalse();
      }

      Fixtures.write(docs.resolve("b.txt"), "Cows eat hay.");
      Fixtures.write(docs.resolve("c.txt"), "New text.");
      kb.ingestPaths("c", List.of(docs), false, IngestListener.NONE);
      try (LuceneSearcher s = kb.searcher("c")) {
        CollectionSignatures.Verification v = signatures.verify("c", s, key);
        assertThat(v.verified()).isFalse();
        assertThat(v.changes())
            .hasSize(2)
            .containsValues("changed", "added")
            .allSatisfy((doc, change) -> assertThat(doc).matches(".*[bc]\\.txt"));

        // a signature file edited to name the new digest no longer verifies
        Path file;
        try (var files = Files.list(data.resolve("signatures").resolve("c"))) {
          file = files.findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode forged = (ObjectNode) json.readTree(file.toFile());
        forged.put("digest", v.digest());
        json.writeValue(file.toFile(), forged);
        CollectionSignatures.Verification after = signatures.verify("c", s, key);
        assertThat(after.verified()).isFalse();
        assertThat(after.reason()).contains("do not verify");
      }
    }
  }
}
