package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies quoted citations: a citation holds when its quote is exactly the chunk's text at the
 * recorded offsets and the answer carries the quote (whitespace runs read as one space) with its
 * marker right after it. Citations that do not hold are dropped with their sentence; an answer left
 * with none abstains.
 */
public final class QuoteVerifier implements CitationVerifier {
  @Override
  public Answer verify(Answer answer) {
    if (answer.abstained()) return answer;
    List<Citation> kept = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Citation c : answer.citations()) {
      if (holds(answer.text(), c)) {
        kept.add(c);
        if (!text.isEmpty()) text.append(' ');
        text.append(cited(c.quote(), c.n()));
      }
    }
    if (kept.isEmpty()) return Answer.abstain();
    return kept.size() == answer.citations().size()
        ? answer
        : new Answer(text.toString(), false, kept);
  }

  /** How a quote reads in an answer: whitespace runs as one space, then its marker {@code [n]}. */
  static String cited(String quote, int n) {
    return Sentences.flat(quote) + " " + Claims.marker(n);
  }

  static boolean holds(String answerText, Citation c) {
    String source = c.chunk().text();
    return c.end() <= source.length()
        && source.substring(c.start(), c.end()).equals(c.quote())
        && answerText.contains(cited(c.quote(), c.n()));
  }
}
