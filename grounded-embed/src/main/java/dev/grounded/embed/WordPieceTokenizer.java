package dev.grounded.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pure-Java BERT WordPiece tokenizer, equivalent to a HuggingFace {@code tokenizer.json} made of
 * a {@code BertNormalizer}, a {@code BertPreTokenizer} and a {@code WordPiece} model. Added tokens
 * such as {@code [SEP]} are matched in the raw text first, as HuggingFace does. Immutable and
 * thread-safe.
 */
public final class WordPieceTokenizer implements TokenCounter {
  private static final String BGE_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";

  private final BertText normalizer;
  private final Vocab pieces;
  private final Vocab continuations;
  private final String[] addedTokens;
  private final int[] addedIds;
  private final int cls;
  private final int sep;
  private final int unk;
  private final int pad;
  private final int maxCharsPerWord;
  private final String[] tokens;
  private final String prefix;

  private WordPieceTokenizer(
      BertText normalizer, Map<String, Integer> vocab, JsonNode model, JsonNode added) {
    this.normalizer = normalizer;
    String prefix = model.path("continuing_subword_prefix").asText("##");
    this.prefix = prefix;
    int size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    if (size > 10_000_000 || vocab.values().stream().anyMatch(id -> id < 0))
      throw GroundedException.invalid("json", "tokenizer vocabulary ids must be in 0..9999999");
    this.tokens = new String[size];
    vocab.forEach((token, id) -> tokens[id] = token);
    Map<String, Integer> starts = new HashMap<>();
    Map<String, Integer> rests = new HashMap<>();
    vocab.forEach(
        (token, id) -> {
          if (token.startsWith(prefix)) {
            rests.put(token.substring(prefix.length()), id);
          } else {
            starts.put(token, id);
          }
        });
    pieces = new Vocab(starts);
    continuations = new Vocab(rests);
    addedTokens = new String[added.size()];
    addedIds = new int[added.size()];
    for (int i = 0; i < added.size(); i++) {
      addedTokens[i] = added.get(i).path("content").asText();
      addedIds[i] = added.get(i).path("id").asInt();
    }
    unk = required(vocab, model.path("unk_token").asText("[UNK]"));
    cls = required(vocab, "[CLS]");
    sep = required(vocab, "[SEP]");
    pad = required(vocab, "[PAD]");
    maxCharsPerWord = model.path("max_input_chars_per_word").asInt(100);
  }

  /** The tokenizer of bge-small-en-v1.5, from the {@code tokenizer.json} on the classpath. */
  public static WordPieceTokenizer bgeSmallEnV15() {
    try (InputStream in = WordPieceTokenizer.class.getResourceAsStream(BGE_RESOURCE)) {
      if (in == null) {
        throw new GroundedException(
            ErrorCode.INTERNAL, "classpath resource " + BGE_RESOURCE + " is missing");
      }
      return fromJson(in);
    } catch (IOException e) {
      throw new GroundedException(ErrorCode.INTERNAL, "cannot read " + BGE_RESOURCE, null, e);
    }
  }

  /** Reads a HuggingFace {@code tokenizer.json} (BertNormalizer, BertPreTokenizer, WordPiece). */
  public static WordPieceTokenizer fromJson(InputStream json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw GroundedException.invalid(
          "json", "tokenizer.json is not valid JSON: " + e.getMessage());
    }
    expectType(root, "normalizer", "BertNormalizer");
    expectType(root, "pre_tokenizer", "BertPreTokenizer");
    expectType(root, "model", "WordPiece");
    JsonNode n = root.path("normalizer");
    boolean lowercase = n.path("lowercase").asBoolean(true);
    JsonNode strip = n.path("strip_accents");
    BertText normalizer =
        new BertText(
            n.path("clean_text").asBoolean(true),
            n.path("handle_chinese_chars").asBoolean(true),
            strip.isBoolean() ? strip.asBoolean() : lowercase,
            lowercase);
    Map<String, Integer> vocab = new HashMap<>();
    root.path("model")
        .path("vocab")
        .properties()
        .forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    return new WordPieceTokenizer(normalizer, vocab, root.path("model"), root.path("added_tokens"));
  }

  /**
   * Token ids of {@code text} framed as {@code [CLS] ... [SEP]}, truncated so there are at most
   * {@code maxLength} ids.
   */
  public int[] encode(String text, int maxLength) {
    Objects.requireNonNull(text, "text");
    if (maxLength < 2)
      throw new IllegalArgumentException(
          "maxLength must be >= 2 for [CLS] and [SEP]: " + maxLength);
    IntList ids = new IntList(Math.min(maxLength, text.length() / 3 + 8));
    ids.add(cls);
    tokenize(text, ids, maxLength - 1);
    ids.truncate(maxLength - 1);
    ids.add(sep);
    return ids.toArray();
  }

  /**
   * Token ids of a text pair framed as {@code [CLS] first [SEP] second [SEP]}, as a cross-encoder
   * reads it, at most {@code maxLength} ids: {@code first} keeps at most half of them, {@code
   * second} is truncated to fit. {@code secondStart} is the index of {@code second}'s first token
   * (its segment, token type 1, runs from there to the end).
   */
  public Pair encodePair(String first, String second, int maxLength) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    if (maxLength < 4)
      throw new IllegalArgumentException("maxLength must be >= 4 for a pair: " + maxLength);
    IntList ids = new IntList(Math.min(maxLength, (first.length() + second.length()) / 3 + 8));
    ids.add(cls);
    int firstLimit = 1 + (maxLength - 3) / 2;
    tokenize(first, ids, firstLimit);
    ids.truncate(firstLimit);
    ids.add(sep);
    int secondStart = ids.size();
    tokenize(second, ids, maxLength - 1);
    ids.truncate(maxLength - 1);
    ids.add(sep);
    return new Pair(ids.toArray(), secondStart);
  }

  /** A tokenized text pair; see {@link #encodePair}. */
  public record Pair(int[] ids, int secondStart) {}

  /**
   * The normalized text of tokens {@code from} (inclusive) to {@code to} (exclusive) of {@code
   * ids}: word pieces joined, words separated by one space (so "U.S." reads "u . s ."). For
   * locating a span in its source, compare without whitespace.
   */
  public String decode(int[] ids, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      int id = ids[i];
      String t = id >= 0 && id < tokens.length && tokens[id] != null ? tokens[id] : "[UNK]";
      if (t.startsWith(prefix)) b.append(t, prefix.length(), t.length());
      else {
        if (!b.isEmpty()) b.append(' ');
        b.append(t);
      }
    }
    return b.toString();
  }

  /** Whether the token continues the word before it (a {@code ##} piece). */
  public boolean continuesWord(int id) {
    return id >= 0 && id < tokens.length && tokens[id] != null && tokens[id].startsWith(prefix);
  }

  /** Number of WordPiece tokens in {@code text}, without [CLS] and [SEP]. */
  @Override
  public int count(String text) {
    Objects.requireNonNull(text, "text");
    IntList ids = new IntList(text.length() / 3 + 8);
    tokenize(text, ids, Integer.MAX_VALUE);
    return ids.size();
  }

  /** Id used to pad sequences in a batch. */
  int padId() {
    return pad;
  }

  /** Appends ids until at least {@code limit} are present (then stops at a word boundary). */
  private void tokenize(String text, IntList out, int limit) {
    int start = 0;
    for (int i = 0; i < text.length() && out.size() < limit; i++) {
      int k = addedTokenAt(text, i);
      if (k < 0) continue;
      splitWords(normalizer.normalize(text.substring(start, i)).toCharArray(), out, limit);
      out.add(addedIds[k]);
      i += addedTokens[k].length() - 1;
      start = i + 1;
    }
    if (start < text.length())
      splitWords(normalizer.normalize(text.substring(start)).toCharArray(), out, limit);
  }

  /** Index of the longest added token starting at {@code i}, or -1. */
  private int addedTokenAt(String text, int i) {
    int best = -1;
    for (int k = 0; k < addedTokens.length; k++) {
      String t = addedTokens[k];
      if (!t.isEmpty() && text.charAt(i) == t.charAt(0) && text.startsWith(t, i)) {
        if (best < 0 || t.length() > addedTokens[best].length()) best = k;
      }
    }
    return best;
  }

  /**
   * BertPreTokenizer: words end at whitespace (dropped) and punctuation (kept as one-character
   * words).
   */
  private void splitWords(char[] buf, IntList out, int limit) {
    int i = 0;
    while (i < buf.length && out.size() < limit) {
      int c = Character.codePointAt(buf, i);
      int width = Character.charCount(c);
      if (BertText.isWhitespace(c)) {
        i += width;
      } else if (BertText.isPunctuation(c)) {
        wordPieces(buf, i, i + width, out);
        i += width;
      } else {
        int end = i + width;
        while (end < buf.length) {
          int d = Character.codePointAt(buf, end);
          if (BertText.isWhitespace(d) || BertText.isPunctuation(d)) break;
          end += Character.charCount(d);
        }
        wordPieces(buf, i, end, out);
        i = end;
      }
    }
  }

  /**
   * Greedy longest-match-first WordPiece; a word with any unmatched rest, or too long, is one
   * [UNK].
   */
  private void wordPieces(char[] buf, int from, int to, IntList out) {
    if (to - from > maxCharsPerWord
        && Character.codePointCount(buf, from, to - from) > maxCharsPerWord) {
      out.add(unk);
      return;
    }
    int mark = out.size();
    for (int start = from; start < to; ) {
      Vocab vocab = start == from ? pieces : continuations;
      int id = -1;
      int end = Math.min(to, start + vocab.maxLength());
      for (; end > start; end--) {
        if (end < to
            && Character.isLowSurrogate(buf[end])
            && Character.isHighSurrogate(buf[end - 1])) continue;
        id = vocab.get(buf, start, end);
        if (id >= 0) break;
      }
      if (id < 0) {
        out.truncate(mark);
        out.add(unk);
        return;
      }
      out.add(id);
      start = end;
    }
  }

  private static int required(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null)
      throw GroundedException.invalid("json", "tokenizer vocabulary has no " + token + " token");
    return id;
  }

  private static void expectType(JsonNode root, String field, String type) {
    String actual = root.path(field).path("type").asText("");
    if (!actual.equals(type)) {
      throw GroundedException.invalid(
          "json", "tokenizer." + field + " must be " + type + ", was '" + actual + "'");
    }
  }
}
