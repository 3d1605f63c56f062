package dev.grounded.answer;

import dev.grounded.core.Answer;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.embed.Embedder;
import dev.grounded.index.Retriever;
import dev.grounded.index.SearchQuery;
import java.util.List;
import java.util.Objects;

/**
 * The ask pipeline: guard the question → embed it → retrieve → guard the chunks → generate a cited
 * answer → verify the citations. Each stage is reported to an {@link AskStages} observer.
 */
public final class Asker {
  private final Embedder embedder;
  private final Retriever retriever;
  private final Generator generator;
  private final CitationVerifier verifier;
  private final AskGuard askGuard;
  private final AskStages stages;

  public Asker(
      Embedder embedder, Retriever retriever, Generator generator, CitationVerifier verifier) {
    this(embedder, retriever, generator, verifier, AskGuard.NONE, AskStages.NONE);
  }

  private Asker(
      Embedder embedder,
      Retriever retriever,
      Generator generator,
      CitationVerifier verifier,
      AskGuard askGuard,
      AskStages stages) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.retriever = Objects.requireNonNull(retriever, "retriever");
    this.generator = Objects.requireNonNull(generator, "generator");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.askGuard = Objects.requireNonNull(askGuard, "askGuard");
    this.stages = Objects.requireNonNull(stages, "stages");
  }

  /** The same pipeline with {@code guard} between retrieval and generation. */
  public Asker withGuard(AskGuard guard) {
    return new Asker(embedder, retriever, generator, verifier, guard, stages);
  }

  /** The same pipeline reporting its stages to {@code observer} (metrics, traces). */
  public Asker withStages(AskStages observer) {
    return new Asker(embedder, retriever, generator, verifier, askGuard, observer);
  }

  /**
   * The ask pipeline of a model generator: a model paraphrases, so each of its sentences must be
   * supported by a cited chunk ({@link SemanticSupport}: its words, or a close paraphrase of one of
   * its sentences).
   */
  public static Asker withModel(Embedder embedder, Retriever retriever, LlmGenerator generator) {
    return new Asker(
        embedder, retriever, generator, new SupportVerifier(new SemanticSupport(embedder)));
  }

  public Answer ask(String questionText, int k) {
    return askWithContext(questionText, k).answer();
  }

  /**
   * An answer with the retrieved chunks it was generated from and the generator's draft before
   * verification, for evaluation.
   */
  public record Asked(Answer answer, List<Hit> context, Answer draft) {
    public Asked {
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(draft, "draft");
      context = List.copyOf(context);
    }

    /** An answer that verification left as drafted. */
    public Asked(Answer answer, List<Hit> context) {
      this(answer, context, answer);
    }
  }

  /** {@link #ask}, also returning the retrieved context. */
  public Asked askWithContext(String questionText, int k) {
    if (questionText == null || questionText.isBlank())
      throw GroundedException.invalid("question", "the question is empty");
    String text =
        askGuard == AskGuard.NONE
            ? questionText
            : stages.run(AskStages.GUARD_QUESTION, () -> askGuard.question(questionText));
    Question question =
        new Question(text, stages.run(AskStages.EMBED, () -> embedder.embedQuery(text)));
    List<Hit> hits =
        stages.run(
            AskStages.RETRIEVE,
            () -> retriever.retrieve(new SearchQuery(text, question.vector(), k)));
    AskGuard.Admitted admitted =
        askGuard == AskGuard.NONE
            ? askGuard.admit(hits)
            : stages.run(AskStages.GUARD_CHUNKS, () -> askGuard.admit(hits));
    Answer draft =
        stages.run(AskStages.GENERATE, () -> generator.generate(question, admitted.hits()));
    Answer verified = stages.run(AskStages.VERIFY, () -> verifier.verify(draft));
    return new Asked(
        admitted.withheld().isEmpty() ? verified : verified.withWithheld(admitted.withheld()),
        admitted.hits(),
        draft);
  }
}
