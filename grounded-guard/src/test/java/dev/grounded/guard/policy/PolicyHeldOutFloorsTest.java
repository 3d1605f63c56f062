package dev.grounded.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed harmful classifier on held-out harmful and harmless instructions in {@code
 * ../shared/data} (or {@code -Dgrounded.shared}; skipped where absent): floors a little beyond the
 * figures measured at training (recorded in {@code policy.properties}).
 */
class PolicyHeldOutFloorsTest {
  @Test
  void theCommittedClassifierKeepsItsHeldOutFigures() {
    String shared = System.getProperty("grounded.shared");
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) dir = dir.getParent();
    Path root = (shared != null ? Path.of(shared) : dir.resolve("../shared")).resolve("data");
    assumeTrue(Files.isDirectory(root.resolve("harmful-behaviours")), "no data at " + root);
    ContentPolicyGuard.Classifier c = ContentPolicyGuard.defaults().classifiers().get(0);
    List<PolicyEval.Row> rows = PolicyEval.heldOut(root.normalize(), c.model(), c.threshold());
    String table = PolicyEval.table(rows);
    System.out.println(table);
    // measured at training (seed 15): 0.7429, 0.0057, 0.0000, 0.0006
    assertThat(rows.get(0).value()).as(table).isGreaterThanOrEqualTo(0.72);
    assertThat(rows.get(1).value()).as(table).isLessThanOrEqualTo(0.01);
    assertThat(rows.get(2).value()).as(table).isLessThanOrEqualTo(0.01);
    assertThat(rows.get(3).value()).as(table).isLessThanOrEqualTo(0.01);
  }
}
