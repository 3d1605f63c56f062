package dev.grounded.eval.judge;

import dev.grounded.eval.stats.Agreement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How well a judge agrees with human labels. Each labelled item is judged {@code repeats} times;
 * the first verdict is compared with the human label (observed agreement, Cohen's kappa, quadratic
 * weights on an ordinal scale, and the confusion matrix), and repeat consistency is the share of
 * items whose verdicts were all the same. A judge is usable for gating when its kappa reaches the
 * rubric's {@code min_kappa}.
 */
public record Calibration(
    String rubric,
    String model,
    Agreement agreement,
    int repeats,
    double repeatConsistency,
    double minKappa,
    List<Map<String, Object>> items) {

  public Calibration {
    Objects.requireNonNull(agreement, "agreement");
    items = List.copyOf(items);
  }

  /** A human-labelled item: the fields the rubric shows and the human's label. */
  public record Labelled(String id, Map<String, String> fields, String label) {
    public Labelled {
      fields = Map.copyOf(fields);
    }
  }

  public boolean usableForGating() {
    return !Double.isNaN(agreement.kappa()) && agreement.kappa() >= minKappa;
  }

  /**
   * Judges every labelled item {@code repeats} times, up to {@code parallelism} items at once (each
   * item's repeats stay in order); results keep the order of {@code labelled}.
   */
  public static Calibration run(
      Judge judge, String model, List<Labelled> labelled, int repeats, int parallelism) {
    if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1");
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
    Rubric rubric = judge.rubric();
    for (Labelled item : labelled)
      if (!rubric.scale().contains(item.label()))
        throw new IllegalArgumentException(
            "item "
                + item.id()
                + ": human label '"
                + item.label()
                + "' is not on the scale "
                + rubric.scale());
    List<List<Judge.Verdict>> verdictsPerItem = judgeAll(judge, labelled, repeats, parallelism);
    List<String> human = new ArrayList<>(), machine = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    int consistent = 0;
    for (int i = 0; i < labelled.size(); i++) {
      Labelled item = labelled.get(i);
      List<String> verdicts = verdictsPerItem.get(i).stream().map(Judge.Verdict::label).toList();
      if (verdicts.stream().distinct().count() == 1) consistent++;
      human.add(item.label());
      machine.add(verdicts.getFirst());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", item.id());
      row.put("human", item.label());
      row.put("judge", verdicts);
      row.put("reason", verdictsPerItem.get(i).getFirst().reason());
      rows.add(row);
    }
    Agreement a =
        Agreement.of(
            human,
            machine,
            rubric.scale(),
            rubric.ordinal() ? Agreement.Weights.QUADRATIC : Agreement.Weights.NONE);
    return new Calibration(
        rubric.name(),
        model,
        a,
        repeats,
        consistent / (double) labelled.size(),
        rubric.minKappa(),
        rows);
  }

  private static List<List<Judge.Verdict>> judgeAll(
      Judge judge, List<Labelled> labelled, int repeats, int parallelism) {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(parallelism);
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<List<Judge.Verdict>>> futures = new ArrayList<>();
      for (Labelled item : labelled)
        futures.add(
            executor.submit(
                () -> {
                  permits.acquire();
                  try {
                    List<Judge.Verdict> vs = new ArrayList<>();
                    for (int r = 0; r < repeats; r++) vs.add(judge.judge(item.fields()));
                    return vs;
                  } finally {
                    permits.release();
                  }
                }));
      List<List<Judge.Verdict>> out = new ArrayList<>();
      for (var f : futures) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The JSON form. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", "grounded-eval/1");
    out.put("kind", "calibration");
    out.put("rubric", rubric);
    out.put("model", model);
    out.put("n", agreement.items());
    out.put("weights", agreement.weights().name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("agreement", agreement.observed());
    metrics.put("kappa", agreement.kappa());
    metrics.put("repeat_consistency", repeatConsistency);
    out.put("metrics", metrics);
    out.put("min_kappa", minKappa);
    out.put("usable_for_gating", usableForGating());
    Map<String, Object> confusion = new HashMap<>();
    confusion.put("labels", agreement.categories());
    confusion.put("rows_human_columns_judge", agreement.confusion());
    out.put("confusion", confusion);
    out.put("items", items);
    return out;
  }
}
