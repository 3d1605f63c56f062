package dev.grounded.ingest.chunk;

import dev.grounded.core.TokenCounter;

/** Simple token counters for tests. */
enum Counters implements TokenCounter {
  /** One token per run of non-whitespace characters. */
  WORDS {
    @Override
    public int count(String text) {
      return words(text);
    }
  },
  /** One token per char. */
  CHARS {
    @Override
    public int count(String text) {
      return text.length();
    }
  },
  /** Words plus two, as a model tokenizer that adds start and end markers would count. */
  WORDS_PLUS_MARKERS {
    @Override
    public int count(String text) {
      return 2 + words(text);
    }
  },
  /**
   * Words plus a share that grows with length, so the parts of a text count less than the whole:
   * the chunker's estimates fall short and its check of each chunk's real count must catch it.
   */
  SUPERADDITIVE {
    @Override
    public int count(String text) {
      int words = words(text);
      return words + words * words / 32;
    }
  };

  static int words(String text) {
    int n = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) n++;
      inWord = !space;
    }
    return n;
  }
}
