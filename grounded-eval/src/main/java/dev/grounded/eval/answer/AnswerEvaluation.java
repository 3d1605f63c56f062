package dev.grounded.eval.answer;

import dev.grounded.answer.Asker;
import dev.grounded.answer.Claims;
import dev.grounded.answer.SupportChecker;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.Hit;
import dev.grounded.eval.judge.Judge;
import dev.grounded.eval.text.RougeL;
import dev.grounded.eval.text.SquadScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Asks every question of a data set and scores the answers. Per item (see {@link AnswerReport} for
 * the aggregates):
 *
 * <ul>
 *   <li>{@code exact_match}, {@code f1}: SQuAD scores of the answer text (markers removed; empty
 *       when abstaining) against the gold answers, every item (an unanswerable one scores 1 only
 *       for an abstention);
 *   <li>{@code rouge_l}, {@code gold_in_answer} (a gold answer appears in the answer, normalized):
 *       answerable items;
 *   <li>{@code retrieval_recall}: answerable items with gold contexts: a gold context was
 *       retrieved;
 *   <li>{@code faithfulness}: answered items: share of sentences supported by their cited chunks
 *       together; {@code unsupported_rate} is its complement; {@code hallucination_rate}: share of
 *       sentences supported by no retrieved chunk;
 *   <li>{@code citation_precision}: answered items: share of citations whose chunk alone supports
 *       its sentence; {@code citation_recall}: answered, answerable items with gold contexts: a
 *       gold context is among the cited documents;
 *   <li>{@code answer_rate}: answerable items answered; {@code abstention_accuracy}: unanswerable
 *       items abstained on;
 *   <li>{@code verifier_drop_rate}: items whose draft answered: share of the draft's sentences that
 *       citation verification dropped (how much a generator wrote that its sources did not back).
 * </ul>
 *
 * <p>All other scores are of the verified answer, the one a user gets.
 */
public final class AnswerEvaluation {
  private final Answerer answerer;
  private final SupportChecker checker;
  private final ExecutorService executor;
  private final Semaphore inFlight;
  private Judge judge;

  /**
   * @param executor runs the items
   * @param parallelism questions being answered at once, at most
   */
  public AnswerEvaluation(
      Answerer answerer, SupportChecker checker, ExecutorService executor, int parallelism) {
    this.answerer = Objects.requireNonNull(answerer, "answerer");
    this.checker = Objects.requireNonNull(checker, "checker");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
    this.inFlight = new Semaphore(parallelism);
  }

  /**
   * Also grades every answer with an LLM judge: its rubric may show {@code question}, {@code
   * answer}, {@code context} (the cited chunks, else the retrieved ones) and {@code gold} (the gold
   * answers, or "(none: the documents do not answer it)"). The verdict's position on the scale, 0
   * to 1, is the item's {@code judge.<rubric>} score.
   */
  public AnswerEvaluation withJudge(Judge judge) {
    this.judge = Objects.requireNonNull(judge, "judge");
    return this;
  }

  /** The metric name of a judge's scores. */
  public static String judgeMetric(Judge judge) {
    return "judge." + judge.rubric().name();
  }

  /**
   * Scores every item, in data set order; {@code progress} hears each completed item's index. An
   * upstream error (a model endpoint's) fails just its item while at most 5% of the items (at least
   * one) fail so; the next one fails the run.
   */
  public List<ItemResult> run(List<QaItem> items, IntConsumer progress) {
    AtomicInteger failures = new AtomicInteger();
    int maxFailures = Math.max(1, items.size() / 20);
    List<Future<ItemResult>> futures = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      QaItem item = items.get(i);
      int index = i;
      futures.add(
          executor.submit(
              () -> {
                inFlight.acquire();
                try {
                  ItemResult r;
                  try {
                    r = score(item, answerer.answer(item.question()));
                  } catch (GroundedException e) {
                    // an upstream refusing one question (a content filter, a context too long),
                    // or the guardrails refusing it, fails that item; many failures (an outage, a
                    // bad key) fail the run
                    if (!failsOneItem(e) || failures.incrementAndGet() > maxFailures) throw e;
                    r = ItemResult.failed(item, e.getMessage());
                  }
                  progress.accept(index);
                  return r;
                } finally {
                  inFlight.release();
                }
              }));
    }
    List<ItemResult> out = new ArrayList<>(items.size());
    try {
      for (Future<ItemResult> f : futures) out.add(f.get());
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
    }
    return out;
  }

  private static boolean failsOneItem(GroundedException e) {
    return e.code() == ErrorCode.UPSTREAM_ERROR
        || e.code() == ErrorCode.RATE_LIMITED
        || e.code() == ErrorCode.GUARD_BLOCKED;
  }

  /** Scores one answer to one item. */
  ItemResult score(QaItem item, Asker.Asked asked) {
    Answer answer = asked.answer();
    String prediction = answer.abstained() ? "" : Claims.plain(answer.text());
    Map<String, Double> s = new LinkedHashMap<>();
    s.put(AnswerMetric.EXACT_MATCH, SquadScore.exactMatch(prediction, item.answers()));
    s.put(AnswerMetric.F1, SquadScore.f1(prediction, item.answers()));
    List<String> retrieved = new ArrayList<>();
    for (Hit h : asked.context())
      if (!retrieved.contains(h.chunk().documentId())) retrieved.add(h.chunk().documentId());
    if (item.answerable()) {
      s.put(AnswerMetric.ANSWER_RATE, answer.abstained() ? 0.0 : 1.0);
      s.put(AnswerMetric.ROUGE_L, RougeL.best(prediction, item.answers()).f1());
      s.put(AnswerMetric.GOLD_IN_ANSWER, goldInAnswer(prediction, item.answers()) ? 1.0 : 0.0);
      if (!item.contextIds().isEmpty())
        s.put(
            AnswerMetric.RETRIEVAL_RECALL,
            retrieved.stream().anyMatch(item.contextIds()::contains) ? 1.0 : 0.0);
    } else s.put(AnswerMetric.ABSTENTION_ACCURACY, answer.abstained() ? 1.0 : 0.0);
    List<ItemResult.ClaimResult> claims = new ArrayList<>();
    if (!answer.abstained()) {
      int supported = 0, grounded = 0, citations = 0, goodCitations = 0;
      List<String> cited = new ArrayList<>();
      for (Claims.Claim claim : Claims.of(answer.text())) {
        List<Citation> sources = new ArrayList<>();
        for (int n : claim.cited())
          answer.citations().stream().filter(c -> c.n() == n).findFirst().ifPresent(sources::add);
        StringBuilder together = new StringBuilder();
        List<String> docs = new ArrayList<>();
        for (Citation c : sources) {
          together.append(c.chunk().text()).append('\n');
          docs.add(c.chunk().documentId());
          cited.add(c.chunk().documentId());
          citations++;
          if (checker.supports(claim.text(), c.chunk().text())) goodCitations++;
        }
        boolean ok = !sources.isEmpty() && checker.supports(claim.text(), together.toString());
        boolean inContext =
            asked.context().stream()
                .anyMatch(h -> checker.supports(claim.text(), h.chunk().text()));
        if (ok) supported++;
        if (inContext) grounded++;
        claims.add(new ItemResult.ClaimResult(claim.text(), docs, ok, inContext));
      }
      if (!claims.isEmpty()) {
        double faithfulness = supported / (double) claims.size();
        s.put(AnswerMetric.FAITHFULNESS, faithfulness);
        s.put(AnswerMetric.UNSUPPORTED_RATE, 1 - faithfulness);
        s.put(AnswerMetric.HALLUCINATION_RATE, 1 - grounded / (double) claims.size());
        s.put(
            AnswerMetric.CITATION_PRECISION,
            citations == 0 ? 0.0 : goodCitations / (double) citations);
      }
      if (item.answerable() && !item.contextIds().isEmpty())
        s.put(
            AnswerMetric.CITATION_RECALL,
            cited.stream().anyMatch(item.contextIds()::contains) ? 1.0 : 0.0);
    }
    Answer draft = asked.draft();
    if (!draft.abstained()) {
      int drafted = Claims.of(draft.text()).size();
      int kept = answer.abstained() ? 0 : Claims.of(answer.text()).size();
      if (drafted > 0)
        s.put(AnswerMetric.VERIFIER_DROP_RATE, Math.max(0, drafted - kept) / (double) drafted);
    }
    if (judge != null && !answer.abstained())
      s.put(judgeMetric(judge), judged(item, asked, prediction));
    double confidence =
        answer.citations().stream().mapToDouble(Citation::score).max().orElse(Double.NaN);
    return new ItemResult(item, prediction, answer.abstained(), claims, retrieved, s, confidence);
  }

  private double judged(QaItem item, Asker.Asked asked, String prediction) {
    StringBuilder context = new StringBuilder();
    List<String> seen = new ArrayList<>();
    for (Citation c : asked.answer().citations())
      if (!seen.contains(c.chunk().id())) {
        seen.add(c.chunk().id());
        context.append(c.chunk().text()).append("\n\n");
      }
    if (seen.isEmpty())
      for (Hit h : asked.context()) context.append(h.chunk().text()).append("\n\n");
    String gold =
        item.answerable()
            ? String.join(" | ", item.answers())
            : "(none: the documents do not answer it)";
    Map<String, String> fields =
        Map.of(
            "question",
            item.question(),
            "answer",
            prediction,
            "context",
            context.toString().strip(),
            "gold",
            gold);
    List<String> scale = judge.rubric().scale();
    return scale.indexOf(judge.judge(fields).label()) / (double) (scale.size() - 1);
  }

  static boolean goldInAnswer(String prediction, List<String> golds) {
    String p = " " + SquadScore.normalize(prediction) + " ";
    for (String g : golds) {
      String n = SquadScore.normalize(g);
      if (!n.isEmpty() && p.contains(" " + n + " ")) return true;
    }
    return false;
  }
}
