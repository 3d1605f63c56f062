package dev.grounded.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearcherPoolTest {
  @TempDir Path dir;

  private void add(String id, String text) {
    try (LuceneIndex index = LuceneIndex.open(dir)) {
      index.replace(TestChunks.document(id, "h", text));
      index.commit();
    }
  }

  @Test
  void aLeaseKeepsItsPointInTimeViewAndALeaseTakenAfterACommitSeesIt() {
    add("a", "alpha");
    try (SearcherPool pool = new SearcherPool();
        LuceneSearcher before = pool.acquire(dir)) {
      add("b", "bravo");
      try (LuceneSearcher after = pool.acquire(dir)) {
        assertThat(before.documentCount()).isEqualTo(1);
        assertThat(before.bm25().retrieve(SearchQuery.lexical("bravo", 5))).isEmpty();
        assertThat(after.documentCount()).isEqualTo(2);
        assertThat(after.bm25().retrieve(SearchQuery.lexical("bravo", 5))).hasSize(1);
      }
    }
  }

  @Test
  void leasesOfAnUnchangedIndexShareOneReader() {
    add("a", "alpha");
    try (SearcherPool pool = new SearcherPool();
        LuceneSearcher one = pool.acquire(dir);
        LuceneSearcher two = pool.acquire(dir)) {
      assertThat(two.refCount()).as("pool + two leases").isEqualTo(3);
      one.close();
      one.close(); // a second close must not release twice
      assertThat(two.refCount()).isEqualTo(2);
    }
  }

  @Test
  void readersAreClosedWhenTheirLastLeaseIsReturnedAndNoFilesStayMapped() throws IOException {
    add("a", "alpha");
    SearcherPool pool = new SearcherPool();
    LuceneSearcher old = pool.acquire(dir);
    for (int i = 0; i < 5; i++) {
      add("d" + i, "text " + i);
      pool.acquire(dir).close();
    }
    LuceneSearcher latest = pool.acquire(dir);
    assertThat(mappedIndexFiles()).as("open readers map index files").isPositive();
    assertThat(old.refCount()).as("only the lease holds the replaced reader").isEqualTo(1);
    old.close();
    assertThat(old.refCount()).isZero();
    latest.close();
    assertThat(latest.refCount()).as("the pool still holds the latest").isEqualTo(1);
    pool.close();
    assertThat(latest.refCount()).isZero();
    assertThat(mappedIndexFiles()).isZero();
  }

  @Test
  void aMissingIndexFindsNothingUntilItIsCommitted() {
    try (SearcherPool pool = new SearcherPool()) {
      try (LuceneSearcher s = pool.acquire(dir.resolve("later"))) {
        assertThat(s.documentCount()).isZero();
        assertThat(s.documents()).isEmpty();
      }
      try (LuceneIndex index = LuceneIndex.open(dir.resolve("later"))) {
        index.replace(TestChunks.document("a", "h", "alpha"));
        index.commit();
      }
      try (LuceneSearcher s = pool.acquire(dir.resolve("later"))) {
        assertThat(s.documentCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void anEvictedReaderServesItsOpenLeasesAndTheIndexCanThenBeDeleted() {
    add("a", "alpha");
    try (SearcherPool pool = new SearcherPool()) {
      LuceneSearcher lease = pool.acquire(dir);
      pool.evict(dir);
      assertThat(LuceneIndex.delete(dir)).isTrue();
      assertThat(dir).doesNotExist();
      assertThat(lease.bm25().retrieve(SearchQuery.lexical("alpha", 5))).hasSize(1);
      lease.close();
      assertThat(lease.refCount()).isZero();
      try (LuceneSearcher after = pool.acquire(dir)) {
        assertThat(after.documentCount()).isZero();
      }
      assertThat(LuceneIndex.delete(dir)).as("nothing left to delete").isFalse();
    }
  }

  @Test
  void deletingAnIndexWhileAWriterHasItOpenFailsWithConflict() {
    try (LuceneIndex writer = LuceneIndex.open(dir)) {
      writer.replace(TestChunks.document("a", "h", "alpha"));
      writer.commit();
      assertThatThrownBy(() -> LuceneIndex.delete(dir))
          .isInstanceOfSatisfying(
              GroundedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }
    assertThat(dir.resolve("write.lock")).exists();
  }

  @Test
  void aClosedPoolRefusesNewLeases() {
    SearcherPool pool = new SearcherPool();
    pool.close();
    assertThatThrownBy(() -> pool.acquire(dir)).isInstanceOf(IllegalStateException.class);
  }

  /** Files of the index directory mapped into this process (Linux only). */
  private long mappedIndexFiles() throws IOException {
    Path maps = Path.of("/proc/self/maps");
    assumeThat(Files.isReadable(maps)).as("/proc/self/maps is available").isTrue();
    String prefix = dir.toRealPath().toString();
    List<String> lines = Files.readAllLines(maps);
    return lines.stream().filter(l -> l.contains(prefix)).count();
  }
}
