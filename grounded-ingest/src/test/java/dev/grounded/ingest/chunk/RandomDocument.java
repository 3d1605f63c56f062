package dev.grounded.ingest.chunk;

import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random document of sections, paragraphs and sentences of random lengths, some far bigger than a
 * chunk (giant sentences, giant words), with the offsets where its sentences start and end.
 * Sentences begin with a capital and end with a digit and a terminator, so the sentence iterator
 * finds exactly these boundaries.
 */
record RandomDocument(
    ParsedDocument document, Set<Integer> sentenceStarts, Set<Integer> sentenceEnds) {

  static RandomDocument generate(Random random, int maxTokens) {
    Builder b = new Builder(random, maxTokens);
    int sections = random.nextInt(7);
    for (int i = 0; i < sections; i++) b.section();
    return new RandomDocument(
        new ParsedDocument("random.md", "Random", b.text.toString(), b.sections), b.starts, b.ends);
  }

  private static final class Builder {
    private final Random random;
    private final int maxTokens;
    private final StringBuilder text = new StringBuilder();
    private final List<Section> sections = new ArrayList<>();
    private final Set<Integer> starts = new HashSet<>();
    private final Set<Integer> ends = new HashSet<>();

    Builder(Random random, int maxTokens) {
      this.random = random;
      this.maxTokens = maxTokens;
    }

    void section() {
      List<String> headings = new ArrayList<>();
      for (int depth = random.nextInt(4); depth > 0; depth--) headings.add("Heading " + word(8));
      if (!headings.isEmpty()) paragraphBreak().append(headings.get(headings.size() - 1));
      paragraphBreak();
      int start = text.length();
      int kind = random.nextInt(12);
      if (kind == 0) {
        text.append(" \n ");
      } else if (kind > 1) {
        for (int p = 1 + random.nextInt(5); p > 0; p--) {
          if (text.length() > start) text.append(random.nextInt(4) == 0 ? "\n \n\n" : "\n\n");
          paragraph();
        }
      }
      sections.add(new Section(headings, random.nextInt(4), start, text.length()));
    }

    private StringBuilder paragraphBreak() {
      if (!text.isEmpty()) text.append("\n\n");
      return text;
    }

    private void paragraph() {
      for (int s = 1 + random.nextInt(6); s > 0; s--) {
        sentence();
        if (s > 1)
          text.append(
              switch (random.nextInt(6)) {
                case 0 -> "\n";
                case 1 -> "   ";
                default -> " ";
              });
      }
    }

    private void sentence() {
      starts.add(text.length());
      int words =
          random.nextInt(15) == 0
              ? maxTokens + random.nextInt(2 * maxTokens + 1)
              : 1 + random.nextInt(12);
      for (int w = 0; w < words; w++) {
        String word =
            random.nextInt(25) == 0 ? word(maxTokens + random.nextInt(2 * maxTokens + 1)) : word(8);
        if (w == 0) word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        if (w > 0) text.append(' ');
        text.append(word);
      }
      text.append(random.nextInt(10)).append(".!?".charAt(random.nextInt(3)));
      ends.add(text.length());
    }

    private String word(int maxLength) {
      int length = 1 + random.nextInt(maxLength);
      StringBuilder w = new StringBuilder(length);
      for (int i = 0; i < length; i++) w.append((char) ('a' + random.nextInt(26)));
      return w.toString();
    }
  }
}
