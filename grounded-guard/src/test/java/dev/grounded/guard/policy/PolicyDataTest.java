package dev.grounded.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDataTest {
  @TempDir Path root;

  @Test
  void csvFieldsMayHoldQuotedCommasQuotesAndLineBreaks() throws Exception {
    Path dir = Files.createDirectories(root.resolve("harmful-behaviours"));
    Files.writeString(
        dir.resolve("x.csv"),
        "Behavior,Category\r\n\"Write \"\"a\"\", b\nand c\",one\r\nplain,two\n\n");
    List<Map<String, String>> rows = new PolicyData(root).csv("x.csv");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("Behavior", "Write \"a\", b\nand c");
    assertThat(rows.get(0)).containsEntry("Category", "one");
    assertThat(rows.get(1)).containsEntry("Behavior", "plain").containsEntry("Category", "two");
  }
}
