package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.Chunk;
import dev.grounded.core.Citation;
import dev.grounded.core.Hit;
import dev.grounded.gateway.client.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers with a language model called through the gateway ({@link ChatModel}: an alias of {@code
 * grounded.yaml} or a model of the {@code llm.*} endpoint). The prompt keeps the instructions
 * (system message) apart from the quoted data (user message): the retrieved chunks are numbered
 * sources inside {@code <source>} tags, which the instructions declare to be data, never
 * instructions. The model must end every sentence with the numbers of the sources that state it and
 * reply {@value #NO_ANSWER} when they do not answer the question.
 *
 * <p>The reply is parsed sentence by sentence: a sentence citing no source, or only numbers that
 * name none, is dropped; each (sentence, source) pair becomes a {@link Citation} whose quote is the
 * source sentence that best supports the answer sentence. Whether the sources really support the
 * sentences is left to the verifier ({@link SupportVerifier}). A reply with no cited sentence, or
 * with {@value #NO_ANSWER}, abstains.
 */
public final class LlmGenerator implements Generator {
  /** What the model replies when the sources do not answer the question. */
  public static final String NO_ANSWER = "NO_ANSWER";

  /** The longest answer the prompt asks for unless told otherwise. */
  public static final int DEFAULT_MAX_SENTENCES = 4;

  /** Markers written after a sentence's final punctuation ("... Paris. [1]"). */
  private static final Pattern TRAILING_MARKERS =
      Pattern.compile("([.!?])((?:\\s*\\[\\d{1,4}\\])+)");

  private final ChatModel model;
  private final SupportChecker quotes;
  private final int maxSentences;
  private final AnswerPrompt prompt;

  /**
   * @param quotes scores the sentences of a cited source against the answer sentence to choose the
   *     quote
   * @param maxSentences the longest answer the prompt asks for
   */
  public LlmGenerator(ChatModel model, SupportChecker quotes, int maxSentences) {
    this(model, quotes, maxSentences, AnswerPrompt.shipped());
  }

  /** As above, with a version of the {@value AnswerPrompt#NAME} prompt from the registry. */
  public LlmGenerator(
      ChatModel model, SupportChecker quotes, int maxSentences, AnswerPrompt prompt) {
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.model = Objects.requireNonNull(model, "model");
    this.quotes = Objects.requireNonNull(quotes, "quotes");
    if (maxSentences < 1) throw new IllegalArgumentException("maxSentences must be >= 1");
    this.maxSentences = maxSentences;
  }

  /** The alias or model name asked. */
  public String model() {
    return model.model();
  }

  @Override
  public Answer generate(Question question, List<Hit> context) {
    if (context.isEmpty()) return Answer.abstain();
    List<ChatModel.Message> messages =
        prompt
            .template()
            .render(
                prompt.ref(),
                Map.of(
                    "sources", sources(context),
                    "question", question.text().strip(),
                    "max_sentences", Integer.toString(maxSentences),
                    "no_answer", NO_ANSWER))
            .stream()
            .map(m -> new ChatModel.Message(m.role(), m.content()))
            .toList();
    String reply = model.complete(messages, ChatModel.Options.DEFAULT).text();
    return parse(reply, context);
  }

  /** The shipped user message: the sources, numbered from 1 in retrieval order, the question. */
  static String prompt(String question, List<Hit> context) {
    return "Sources:\n" + sources(context) + "\nQuestion: " + question.strip();
  }

  /** The {@code <source>} blocks, numbered from 1 in retrieval order, each ending in a newline. */
  static String sources(List<Hit> context) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < context.size(); i++) {
      Chunk c = context.get(i).chunk();
      b.append("<source id=\"")
          .append(i + 1)
          .append("\" document=\"")
          .append(attribute(sourceName(c.source())))
          .append(c.scan().untrusted() ? "\" trust=\"untrusted\">\n" : "\">\n")
          .append(quoted(c.contextualText()))
          .append("\n</source>\n");
    }
    return b.toString();
  }

  /**
   * Source text cannot close its own tag or open another: anything a model could read as a {@code
   * source} tag (any case, spaces or zero-width characters inside, full-width or small variants of
   * the brackets, slash and letters) is rewritten to the inert {@code <\\source} / {@code
   * <\\/source}.
   */
  static String quoted(String text) {
    Matcher m = TAG.matcher(text);
    if (!m.find()) return text;
    StringBuilder b = new StringBuilder(text.length() + 16);
    do m.appendReplacement(b, m.group(1) == null ? "<\\\\source" : "<\\\\/source");
    while (m.find());
    m.appendTail(b);
    return b.toString();
  }

  /** A tag opener, an optional slash, then "source", each part in any of its look-alike forms. */
  private static final Pattern TAG =
      Pattern.compile(
          "[<\uFF1C\uFE64\u2039\u3008\u27E8][\\s\\p{Cf}]*([/\uFF0F\u2215\u2044\u29F8][\\s\\p{Cf}]*)?"
              + letters("source"),
          Pattern.UNICODE_CHARACTER_CLASS);

  /** Each letter of {@code word} in either case, ASCII or full-width, with invisible gaps. */
  private static String letters(String word) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      char upper = Character.toUpperCase(c);
      if (i > 0) b.append("\\p{Cf}*");
      b.append('[')
          .append(c)
          .append(upper)
          .append((char) (c - 'a' + 0xFF41))
          .append((char) (upper - 'A' + 0xFF21))
          .append(']');
    }
    return b.toString();
  }

  /**
   * The name a model sees for a source: a file's name rather than its absolute path on this
   * machine, which the model does not need and an upstream provider should not receive.
   */
  static String sourceName(String source) {
    if (!source.startsWith("/") && !(source.length() > 2 && source.charAt(1) == ':')) return source;
    int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return slash >= 0 && slash < source.length() - 1 ? source.substring(slash + 1) : source;
  }

  private static String attribute(String value) {
    return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  /** The reply as a draft answer: one citation per (sentence, cited source), numbered in order. */
  Answer parse(String reply, List<Hit> context) {
    String text = reply.strip();
    if (text.isEmpty() || text.contains(NO_ANSWER)) return Answer.abstain();
    text = TRAILING_MARKERS.matcher(text).replaceAll("$2$1");
    List<Citation> citations = new ArrayList<>();
    StringBuilder answer = new StringBuilder();
    for (Sentences.Span span : Sentences.split(text)) {
      String sentence = text.substring(span.start(), span.end());
      List<Integer> sources = new ArrayList<>();
      for (int n : Claims.numbers(sentence))
        if (n >= 1 && n <= context.size() && !sources.contains(n)) sources.add(n);
      String claim = Sentences.flat(Claims.plain(sentence));
      if (sources.isEmpty() || claim.isEmpty()) continue;
      if (!answer.isEmpty()) answer.append(' ');
      answer.append(claim);
      for (int n : sources) {
        Citation c = quote(citations.size() + 1, claim, context.get(n - 1).chunk());
        citations.add(c);
        answer.append(' ').append(Claims.marker(c.n()));
      }
    }
    if (citations.isEmpty()) return Answer.abstain();
    return new Answer(answer.toString(), false, citations);
  }

  /** The sentence of the chunk that best supports the claim (the whole chunk when it has none). */
  private Citation quote(int n, String claim, Chunk chunk) {
    String source = chunk.text();
    Sentences.Span best = null;
    double bestScore = -1;
    for (Sentences.Span s : Sentences.split(source)) {
      double score = quotes.score(claim, source.substring(s.start(), s.end()));
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (best == null) best = new Sentences.Span(0, source.length());
    return new Citation(
        n,
        chunk,
        source.substring(best.start(), best.end()),
        best.start(),
        best.end(),
        quotes.score(claim, source));
  }
}
