package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies generated (paraphrasing) answers: a citation holds when its chunk alone (its text with
 * its section headings, as the model was shown it) supports the sentence that carries it, as
 * decided by a {@link SupportChecker}. Citations that do not hold are dropped, a sentence left
 * without one is dropped with them, and an answer left with nothing abstains. Kept citations are
 * numbered again from 1 in order.
 */
public final class SupportVerifier implements CitationVerifier {
  private final SupportChecker checker;

  public SupportVerifier(SupportChecker checker) {
    this.checker = Objects.requireNonNull(checker, "checker");
  }

  @Override
  public Answer verify(Answer answer) {
    if (answer.abstained()) return answer;
    List<Citation> kept = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Claims.Claim claim : Claims.of(answer.text())) {
      List<Citation> holding = new ArrayList<>();
      for (int n : claim.cited())
        for (Citation c : answer.citations())
          if (c.n() == n && checker.supports(claim.text(), c.chunk().contextualText()))
            holding.add(c);
      if (holding.isEmpty()) continue;
      if (!text.isEmpty()) text.append(' ');
      text.append(claim.text());
      for (Citation c : holding) {
        int n = kept.size() + 1;
        kept.add(new Citation(n, c.chunk(), c.quote(), c.start(), c.end(), c.score()));
        text.append(' ').append(Claims.marker(n));
      }
    }
    if (kept.isEmpty()) return Answer.abstain();
    Answer verified = new Answer(text.toString(), false, kept);
    return verified.equals(answer) ? answer : verified;
  }
}
