package dev.grounded.guard.pii;

import dev.grounded.guard.Finding;
import java.util.List;

/** One family of detectors inside {@link PiiGuard}: adds candidate findings, overlaps allowed. */
interface Detector {
  void detect(String text, List<Finding> out);
}
