package dev.grounded.ingest.chunk;

import dev.grounded.core.Chunk;
import dev.grounded.core.Location;
import dev.grounded.core.TokenCounter;
import dev.grounded.ingest.parse.ParsedDocument;
import dev.grounded.ingest.parse.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chunks by structure: a chunk never crosses a section, so it has one heading path and one page.
 * Within a section, whole paragraphs are packed up to {@code maxTokens}; a paragraph too big is
 * split at sentences, a sentence at words, a word at characters. When a section needs several
 * chunks, each after the first begins with the previous chunk's trailing sentences (at most {@code
 * overlapTokens}, none when a single sentence is bigger). Chunk texts are exact slices of the
 * document text with surrounding whitespace left out; every chunk counts at most {@code maxTokens}.
 *
 * <p>Thread-safe: the chunker holds only its settings; each call works on its own state.
 */
public final class StructureChunker implements Chunker {
  private final TokenCounter tokens;
  private final int maxTokens;
  private final int overlapTokens;
  private final int overhead;

  /**
   * @param tokens counts tokens as the embedding model does
   * @param maxTokens the most tokens in a chunk (the app uses 256)
   * @param overlapTokens the most tokens carried over from the previous chunk of a section (the app
   *     uses 32)
   */
  public StructureChunker(TokenCounter tokens, int maxTokens, int overlapTokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    if (overlapTokens < 0 || overlapTokens >= maxTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be in [0, maxTokens): " + overlapTokens);
    }
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
    this.overhead = tokens.count("");
    if (tokens.count("x") > maxTokens) {
      throw new IllegalArgumentException(
          "maxTokens " + maxTokens + " is less than one character's token count");
    }
  }

  @Override
  public List<Chunk> chunk(String documentId, ParsedDocument document) {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(document, "document");
    String text = document.text();
    Segmenter segmenter = new Segmenter(tokens, maxTokens, overhead);
    Packer.Limits limits = new Packer.Limits(tokens, maxTokens, overlapTokens, overhead);
    List<Chunk> out = new ArrayList<>();
    for (Section section : document.sections()) {
      if (isHeadingOnly(text, section)) continue;
      List<Unit> units = segmenter.units(text, section.start(), section.end());
      if (units.isEmpty()) continue;
      for (int[] range : new Packer(text, units, limits).pack()) {
        int start = units.get(range[0]).start();
        int end = units.get(range[1] - 1).end();
        Location location = new Location(section.page(), section.headings(), start, end);
        out.add(
            new Chunk(
                documentId, document.source(), out.size(), text.substring(start, end), location));
      }
    }
    return out;
  }

  /**
   * A section whose only text is its own heading adds nothing that the heading path does not
   * already carry.
   */
  private static boolean isHeadingOnly(String text, Section section) {
    List<String> headings = section.headings();
    if (headings.isEmpty()) return false;
    String last = headings.get(headings.size() - 1);
    return section.length() <= last.length() + 8
        && text.substring(section.start(), section.end()).strip().equals(last);
  }
}
