package dev.grounded.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import dev.grounded.guard.pii.PiiGuard;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  static final PiiGuard GUARD = new PiiGuard();
  static final String TEXT =
      "Mail jane@example.org or bob@example.org; jane@example.org again, card 4111 1111 1111 1111,"
          + " key ghp_abcdefghijklmnopqrstuvwxyz0123456789.";

  static Finding f(String type, int start, int end) {
    return new Finding(type, start, end, 1, Severity.HIGH, "test");
  }

  @Test
  void redactionReplacesEachSpanWithItsLabel() {
    String out = Redactor.redact(TEXT, GUARD.scan(TEXT, Source.INPUT));
    assertThat(out).isEqualTo("Mail [EMAIL] or [EMAIL]; [EMAIL] again, card [CARD], key [SECRET].");
  }

  @Test
  void overlappingSpansAreMergedIntoOneRedaction() {
    String text = "abcdefghij";
    List<Finding> findings =
        List.of(f("pii.person", 2, 6), f("pii.address", 4, 8), f("pii.ip", 8, 9));
    assertThat(Redactor.redact(text, findings)).isEqualTo("ab[PERSON][IP]j");
    assertThat(Redactor.redact(text, List.of(f("pii.ip", 1, 9), f("pii.email", 2, 3))))
        .isEqualTo("a[IP]j");
  }

  @Test
  void aFindingOutsideTheTextIsRefused() {
    assertThatThrownBy(() -> Redactor.redact("abc", List.of(f("pii.ip", 1, 9))))
        .hasMessageContaining("outside the text");
  }

  @Test
  void theSameValueGetsTheSamePlaceholderAndRestoringGivesTheTextBack() {
    Pseudonymized p = Pseudonymizer.pseudonymize(TEXT, GUARD.scan(TEXT, Source.INPUT));
    assertThat(p.text())
        .isEqualTo("Mail <EMAIL_1> or <EMAIL_2>; <EMAIL_1> again, card <CARD_1>, key <SECRET_1>.");
    assertThat(p.restore(p.text())).isEqualTo(TEXT);
    assertThat(p.originals()).hasSize(4);
  }

  @Test
  void aResponseRepeatingPlaceholdersIsRestoredEverywhereAndUnknownOnesAreLeft() {
    Pseudonymized p = Pseudonymizer.pseudonymize(TEXT, GUARD.scan(TEXT, Source.INPUT));
    assertThat(p.restore("<EMAIL_1>, <EMAIL_1> and <EMAIL_9> <CARD_1><CARD_1>"))
        .isEqualTo(
            "jane@example.org, jane@example.org and <EMAIL_9> 4111 1111 1111 11114111 1111 1111 1111");
  }

  @Test
  void aPlaceholderTheUserAlreadyWroteIsNeverIssued() {
    String text = "template <EMAIL_1> for jane@example.org";
    Pseudonymized p = Pseudonymizer.pseudonymize(text, GUARD.scan(text, Source.INPUT));
    assertThat(p.text()).isEqualTo("template <EMAIL_1> for <EMAIL_2>");
    assertThat(p.restore(p.text())).isEqualTo(text);
  }

  @Test
  void streamedChunksCutAnywhereRestoreLikeTheWholeResponse() {
    Pseudonymized p = Pseudonymizer.pseudonymize(TEXT, GUARD.scan(TEXT, Source.INPUT));
    String response =
        "Sure: <EMAIL_1> and <EMAIL_2> (<CARD_1>) x < y, <SECRET_1><EMAIL_1> <NOT_1> <EMAIL_";
    String expected = p.restore(response);
    long seed = Long.getLong("guard.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int run = 0; run < 300; run++) {
      StreamingRestorer r = p.streaming();
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (at < response.length()) {
        int n = 1 + random.nextInt(run % 3 == 0 ? 3 : 12);
        String chunk = response.substring(at, Math.min(response.length(), at + n));
        String emitted = r.feed(chunk);
        assertThat(emitted).as("seed " + seed).doesNotContain("<EMAIL_1>", "<CARD_1>");
        out.append(emitted);
        at += n;
      }
      out.append(r.finish());
      assertThat(out.toString()).as("seed " + seed).isEqualTo(expected);
    }
  }

  @Test
  void aStreamHoldsBackOnlyWhatCouldStillBecomeAPlaceholder() {
    Pseudonymized p = Pseudonymizer.pseudonymize(TEXT, GUARD.scan(TEXT, Source.INPUT));
    StreamingRestorer r = p.streaming();
    assertThat(r.feed("write to <EMA")).isEqualTo("write to ");
    assertThat(r.feed("IL_1> now, if a <")).isEqualTo("jane@example.org now, if a ");
    assertThat(r.feed(" b")).isEqualTo("< b");
    assertThat(r.feed(" <CARD_")).isEqualTo(" ");
    assertThat(r.finish()).isEqualTo("<CARD_");
  }
}
