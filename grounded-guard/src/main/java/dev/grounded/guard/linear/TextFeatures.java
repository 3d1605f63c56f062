package dev.grounded.guard.linear;

/**
 * Hashed text features: character n-grams and word n-grams of a normalized text, each folded into
 * one of {@code 2^bits} buckets and anchored at the (normalized) position where it starts, so that
 * a window of the text can be scored from the features anchored inside it.
 *
 * <p>Normalization lower-cases, maps every digit to {@code 0}, turns each run of white space into
 * one space and drops zero-width characters (a cheap way to hide a phrase from a pattern). The text
 * is padded with one space on each side so that n-grams see word starts and ends.
 *
 * @param bits log2 of the number of buckets (10 to 24)
 * @param charMin shortest character n-gram (1 or more)
 * @param charMax longest character n-gram ({@code charMin} or more, at most 8); 0 for none
 * @param wordMax longest word n-gram (0 for none, 1 for words, 2 for words and bigrams)
 */
public record TextFeatures(int bits, int charMin, int charMax, int wordMax) {
  /** Receives each feature: its bucket and the normalized position it starts at. */
  @FunctionalInterface
  public interface Sink {
    void accept(int bucket, int anchor);
  }

  private static final int CHAR_SEED = 0x2f9b3c11;
  private static final int WORD_SEED = 0x51ed2705;
  private static final int BIGRAM_SEED = 0x7a3d4e91;
  private static final int FNV_PRIME = 0x01000193;

  public TextFeatures {
    if (bits < 10 || bits > 24)
      throw new IllegalArgumentException("bits " + bits + " not in 10..24");
    if (charMax != 0 && (charMin < 1 || charMax < charMin || charMax > 8))
      throw new IllegalArgumentException("bad character n-gram range " + charMin + ".." + charMax);
    if (wordMax < 0 || wordMax > 2)
      throw new IllegalArgumentException("word n-grams up to " + wordMax + ": expected 0, 1 or 2");
  }

  /** Character 3- to 5-grams, words and word bigrams in 2^18 buckets. */
  public static TextFeatures standard() {
    return new TextFeatures(18, 3, 5, 2);
  }

  public int buckets() {
    return 1 << bits;
  }

  /** The text the features are read from: {@code " " + normalized + " "}. */
  public static String normalize(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append(' ');
    boolean space = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\u2060' || c == '\ufeff')
        continue;
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (!space) b.append(' ');
        space = true;
        continue;
      }
      space = false;
      b.append(Character.isDigit(c) ? '0' : Character.toLowerCase(c));
    }
    if (!space) b.append(' ');
    return b.toString();
  }

  /** Every feature of a text already {@link #normalize normalized}, in order of anchor. */
  public void forEach(String normalized, Sink sink) {
    int mask = buckets() - 1;
    int n = normalized.length();
    int wordStart = -1;
    int wordHash = 0;
    int previousWord = 0;
    boolean hasPrevious = false;
    for (int i = 0; i < n; i++) {
      if (charMax > 0) {
        int h = CHAR_SEED;
        for (int k = 0; k < charMax && i + k < n; k++) {
          h = (h ^ normalized.charAt(i + k)) * FNV_PRIME;
          if (k + 1 >= charMin) sink.accept(mix(h + k) & mask, i);
        }
      }
      if (wordMax == 0) continue;
      char c = normalized.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (wordStart < 0) {
          wordStart = i;
          wordHash = WORD_SEED;
        }
        wordHash = (wordHash ^ c) * FNV_PRIME;
      } else if (wordStart >= 0) {
        sink.accept(mix(wordHash) & mask, wordStart);
        if (wordMax > 1 && hasPrevious)
          sink.accept(mix(previousWord * 31 + wordHash + BIGRAM_SEED) & mask, wordStart);
        previousWord = wordHash;
        hasPrevious = true;
        wordStart = -1;
      }
    }
  }

  /** Murmur3's finalizer: spreads the bits of an FNV hash before it is masked. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
