package dev.grounded.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
  private static final String JSON = "/bge-small-en-v1.5-q-tokenizer.json";
  private static final int CLS = 101;
  private static final int SEP = 102;

  private static WordPieceTokenizer tokenizer;
  private static HuggingFaceTokenizer reference;

  @BeforeAll
  static void load() throws Exception {
    tokenizer = WordPieceTokenizer.bgeSmallEnV15();
    try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(JSON)) {
      reference =
          HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
    }
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  @Test
  void producesTheSameIdsAsHuggingFaceOnVariedText() {
    List<String> texts =
        List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Hello, world! What's up? (nothing) [really] {ok}; a:b, c-d e_f g/h \\ i|j ~k `l` ^m$ 100% #1 @me & <tag>",
            "In 2023, 3.14159 was ~ 22/7; 1,000,000 + 42 = 1000042; v1.2.3-rc4",
            "café naïve résumé Ångström façade über straße ÉCOLE Œuvre",
            "中文分词测试，这是一个句子。日本語のテキスト 한국어 텍스트",
            "emoji 😀🎉👍🏽 ❤️ and ☃ snowman",
            "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
            "a".repeat(100) + " " + "b".repeat(101) + " " + "xyz".repeat(40),
            "",
            "   \t\n\r  ",
            "MiXeD CaSe WoRdS iPhone McDonald's HTTPServer XMLHttpRequest",
            "See https://example.com/path/to/page?query=a&b=c#frag and mailto:x.y@z.org",
            "public static void main(String[] args) { System.out.println(\"hi\" + args[0]); }",
            "def f(x):\n    return x ** 2  # square\n",
            "special [CLS] tokens [SEP] inside [MASK] text [UNK] and [PAD][SEP]",
            "Greek ΣΊΣΥΦΟΣ σοφός, Cyrillic Москва, Arabic العربية, Hebrew עברית, Thai ภาษาไทย",
            "zero\u200Bwidth no\u00A0break\u2003em\u3000ideographic\u0007bell\u0000nul\uFFFDrepl\u00ADsoft",
            "combining e\u0301 a\u0308 n\u0303 ligature ﬁ ﬂ fullwidth ＡＢＣ１２３ İstanbul",
            "“smart quotes” ‘single’ — em dash – en dash … ellipsis «guillemets» ¿qué? ¡sí!",
            "math ∑ ∫ √ ≤ ≥ ≠ ± × ÷ → ← ∞ and currency € £ ¥ ₹ ¢");
    for (String text : texts) {
      assertThat(tokenizer.encode(text, Integer.MAX_VALUE))
          .as("ids of %s", text)
          .isEqualTo(referenceIds(text));
    }
  }

  @Test
  void producesTheSameIdsAsHuggingFaceOnRandomText() {
    long seed = Long.getLong("tests.seed", System.nanoTime());
    Random random = new Random(seed);
    int iterations = Integer.getInteger("tests.iterations", 200);
    for (int i = 0; i < iterations; i++) {
      String text = randomText(random);
      assertThat(tokenizer.encode(text, Integer.MAX_VALUE))
          .as("ids of \"%s\" (re-run with -Dtests.seed=%d)", text, seed)
          .isEqualTo(referenceIds(text));
    }
  }

  @Test
  void producesTheSameIdsAsHuggingFaceForEveryCodePointOfTheFirstThreePlanes() {
    StringBuilder mismatches = new StringBuilder();
    for (int c = 1; c < 0x30000; c++) {
      if (Character.isSurrogate((char) c)) continue;
      String ch = Character.toString(c);
      String text = "ab" + ch + "cd " + ch + " " + ch.toUpperCase(Locale.ROOT) + "x";
      if (!Arrays.equals(tokenizer.encode(text, Integer.MAX_VALUE), referenceIds(text))) {
        mismatches.append(String.format("U+%04X ", c));
      }
    }
    assertThat(mismatches).as("code points tokenized differently").isEmpty();
  }

  @Test
  void countsTokensWithoutTheSpecialOnes() {
    String text = "Retrieval-augmented generation grounds answers in documents.";
    assertThat(tokenizer.count(text)).isEqualTo(referenceIds(text).length - 2);
    assertThat(tokenizer.count("")).isZero();
  }

  @Test
  void truncationKeepsClsFirstAndSepLast() {
    String text = "word ".repeat(300);
    int[] ids = tokenizer.encode(text, 16);
    assertThat(ids).hasSize(16);
    assertThat(ids[0]).isEqualTo(CLS);
    assertThat(ids[15]).isEqualTo(SEP);
    assertThat(Arrays.copyOfRange(ids, 0, 15))
        .isEqualTo(Arrays.copyOfRange(referenceIds(text), 0, 15));
    assertThat(tokenizer.encode("", 2)).containsExactly(CLS, SEP);
    assertThat(tokenizer.encode("short", 512)).isEqualTo(referenceIds("short"));
  }

  @Test
  void rejectsAMaxLengthWithNoRoomForSpecialTokens() {
    assertThatThrownBy(() -> tokenizer.encode("x", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int[] referenceIds(String text) {
    return Arrays.stream(reference.encode(text).getIds()).mapToInt(Math::toIntExact).toArray();
  }

  private static final String[] FRAGMENTS = {
    "the",
    "embed",
    "ding",
    "token",
    "izer",
    "un",
    "believ",
    "able",
    "Graph",
    "RAG",
    "naïve",
    "café",
    "Ångström",
    "中",
    "文",
    "日本",
    "한국",
    "😀",
    "👍🏽",
    "Москва",
    "σοφός",
    "ΣΟΦΟΣ",
    "e\u0301",
    "ﬁ",
    "Ａ",
    "١٢٣",
    "İ",
    "ß",
    "42",
    "3.14",
    "http://x.io/a?b=c",
    "[SEP]",
    "[MASK]",
    "[CLS",
    "##",
    "xyzzyqwv",
    "a".repeat(120),
    "\u00AD",
    "\u200B"
  };
  private static final String[] SEPARATORS = {
    " ", " ", " ", "", "\t", "\n", "\u00A0", "\u3000", ".", ",", "!", "?", "-", "'", "\"", "(", ")",
    "$", "+", "<", "=", "^", "`", "|", "~", "—", "…", "«", "¿", "€", "§", "\u0001", "\u0000",
    "\uFFFD", "\u2028"
  };

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(30);
    for (int p = 0; p < parts; p++) {
      String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
      text.append(random.nextInt(5) == 0 ? fragment.toUpperCase(Locale.ROOT) : fragment);
      text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
      if (random.nextInt(8) == 0) text.appendCodePoint(0x20 + random.nextInt(0x2000));
    }
    return text.toString();
  }
}
