package dev.grounded.guard.poisoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.guard.Guard;
import dev.grounded.guard.GuardContract;
import dev.grounded.guard.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordStuffingGuardTest extends GuardContract {
  static final Guard GUARD = new KeywordStuffingGuard();
  static final String PROSE =
      "Use 4 spaces per indentation level. Continuation lines should align wrapped elements"
          + " either vertically using Python's implicit line joining inside parentheses, brackets"
          + " and braces, or using a hanging indent. When using a hanging indent the following"
          + " should be considered; there should be no arguments on the first line and further"
          + " indentation should be used to clearly distinguish itself as a continuation line.";
  static final String KEYWORDS =
      "tractor price cost cheap buy sale diesel engine horsepower warranty dealer financing"
          + " loan lease discount offer coupon deal bargain farm equipment harvester combine"
          + " plough seeder sprayer mower baler loader trailer tyre tire parts service repair"
          + " maintenance manual brochure specifications review rating comparison best top";

  @Override
  protected Guard guard() {
    return GUARD;
  }

  @Override
  protected Source source() {
    return Source.CHUNK;
  }

  @Override
  protected List<Example> flagged() {
    return List.of(
        new Example(KEYWORDS, "anomaly.keyword_stuffing"),
        new Example(PROSE + " " + KEYWORDS, "anomaly.keyword_stuffing"),
        new Example(
            "buy tractors now ".repeat(20) + "best tractor tractor tractor",
            "anomaly.keyword_stuffing"));
  }

  @Override
  protected List<String> clean() {
    return List.of(PROSE, "Tractors need diesel.", PROSE + " " + PROSE);
  }

  @Test
  void keywordsAppendedToProseAreSpannedNotThePassage() {
    String text = PROSE + " " + KEYWORDS;
    var f = GUARD.scan(text, Source.CHUNK).getFirst();
    assertThat(f.start()).isGreaterThan(PROSE.length() / 2);
    assertThat(f.end()).isEqualTo(text.length());
  }

  @Test
  void questionsAreNotScanned() {
    assertThat(GUARD.scan(KEYWORDS, Source.INPUT)).isEmpty();
  }
}
