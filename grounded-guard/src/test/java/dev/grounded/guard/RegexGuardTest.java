package dev.grounded.guard;

import java.util.List;

class RegexGuardTest extends GuardContract {
  private static final Guard GUARD =
      RegexGuard.of("pii.email", "[\\w.+-]+@[\\w-]+\\.[\\w.]+", Severity.MEDIUM);

  @Override
  protected Guard guard() {
    return GUARD;
  }

  @Override
  protected List<Example> flagged() {
    return List.of(new Example("write to ada@example.org today", "pii.email"));
  }

  @Override
  protected List<String> clean() {
    return List.of("What does PEP 8 say about tabs?", "no address here");
  }
}
