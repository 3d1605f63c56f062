package dev.grounded.cli;

import dev.grounded.embed.OnnxEmbedder;
import dev.grounded.gateway.routing.PromptFeatures;
import dev.grounded.gateway.routing.RouterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grounded route train}: labels the questions of two {@code eval answers} reports (strong
 * where only the strong model was right), trains a {@link RouterModel} on all but a held-out share,
 * prints how routing the held-out questions does over thresholds and writes the model file.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "train",
    description = {
      "Train a cheap-vs-strong classifier router from two 'eval answers --json' reports of a cheap"
          + " and a strong model on the same questions: a question only the strong model got"
          + " right is labelled strong, every other one cheap.",
      "Prints the held-out routing accuracy and, per threshold, the share sent to the strong"
          + " model, the routed answers' quality, the cost saved against sending everything to the"
          + " strong model and the quality lost; writes the model (JSON) for"
          + " routers.<name>.classifier in grounded.yaml."
    })
final class RouteTrainCommand implements Callable<Integer> {
  @Option(
      names = "--cheap",
      required = true,
      paramLabel = "FILE",
      description = "The cheap model's report.")
  Path cheap;

  @Option(
      names = "--strong",
      required = true,
      paramLabel = "FILE",
      description = "The strong model's report.")
  Path strong;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where the model file goes.")
  Path out;

  @Option(
      names = "--holdout",
      defaultValue = "0.3",
      paramLabel = "SHARE",
      description =
          "Share of questions (by a hash of their id) held out of training to measure it (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      paramLabel = "T",
      description =
          "Send a prompt to the strong model when its probability is at least T; saved as the model's default (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(
      names = "--max-quality-loss",
      paramLabel = "L",
      description =
          "Choose the threshold instead of --threshold: the highest one (saving the most) whose"
              + " quality lost, measured by 5-fold cross-validation on the training questions, is"
              + " at most L (a share, e.g. 0.02 for 2 points).")
  Double maxQualityLoss;

  @Option(
      names = "--cost-ratio",
      defaultValue = "10",
      paramLabel = "R",
      description =
          "What a strong call costs in cheap calls, for the cost figures (default: ${DEFAULT-VALUE}).")
  double costRatio;

  @Option(
      names = "--l2",
      defaultValue = "0.01",
      paramLabel = "L",
      description = "Ridge penalty on the standardized weights (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(
      names = "--no-embedding",
      description =
          "Use only the surface features (length, question words, numbers, names), not the prompt's bge-small embedding.")
  boolean noEmbedding;

  @Override
  public Integer call() throws IOException {
    if (!(holdout > 0 && holdout < 1))
      throw Usage.error("holdout", "--holdout must be in (0, 1), not " + holdout);
    if (!(threshold >= 0 && threshold <= 1))
      throw Usage.error("threshold", "--threshold must be in [0, 1], not " + threshold);
    if (!(costRatio >= 1))
      throw Usage.error("cost-ratio", "--cost-ratio must be >= 1, not " + costRatio);
    if (maxQualityLoss != null && !(maxQualityLoss >= 0 && maxQualityLoss <= 1))
      throw Usage.error(
          "max-quality-loss", "--max-quality-loss must be in [0, 1], not " + maxQualityLoss);
    if (!(l2 >= 0)) throw Usage.error("l2", "--l2 must be >= 0, not " + l2);
    RoutePairs paired = RoutePairs.read(cheap, strong);
    List<RoutePairs.Pair> train = new ArrayList<>();
    List<RoutePairs.Pair> test = new ArrayList<>();
    for (RoutePairs.Pair p : paired.pairs()) (p.heldOut(holdout) ? test : train).add(p);
    long labelledStrong = paired.pairs().stream().filter(RoutePairs.Pair::needsStrong).count();
    System.out.printf(
        Locale.ROOT,
        "%d questions paired (%d skipped: upstream errors); %d labelled strong (only the strong"
            + " model right), %d cheap; training on %d, %d held out%n",
        paired.pairs().size(),
        paired.skipped(),
        labelledStrong,
        paired.pairs().size() - labelledStrong,
        train.size(),
        test.size());
    if (test.isEmpty() || train.isEmpty())
      throw Usage.error("holdout", "too few questions to hold " + holdout + " of them out");
    String embedding = noEmbedding ? "" : ServeCommand.EMBEDDING_MODEL;
    List<double[]> trainX;
    List<double[]> testX;
    int dims;
    if (noEmbedding) {
      dims = 0;
      trainX = vectors(train, null);
      testX = vectors(test, null);
    } else {
      int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
      try (OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(threads)) {
        dims = model.dimensions();
        trainX = vectors(train, model);
        testX = vectors(test, model);
      }
    }
    if (maxQualityLoss != null) {
      threshold = crossValidatedThreshold(train, trainX, embedding, dims);
      System.out.printf(
          Locale.ROOT,
          "threshold %.2f: the highest whose cross-validated quality lost on the training"
              + " questions is at most %.1f points%n",
          threshold,
          100 * maxQualityLoss);
    }
    RouterModel model =
        RouterModel.train(
                trainX,
                train.stream().map(RoutePairs.Pair::needsStrong).toList(),
                embedding,
                dims,
                l2)
            .withThreshold(threshold);
    double[] p = new double[test.size()];
    for (int i = 0; i < p.length; i++) p[i] = model.probability(testX.get(i));
    RouteCurve curve = new RouteCurve(test, p, costRatio);
    RouteCurve.Point chosen = curve.at(threshold);
    long testStrong = test.stream().filter(RoutePairs.Pair::needsStrong).count();
    double majority = Math.max(testStrong, test.size() - testStrong) / (double) test.size();
    System.out.printf(
        Locale.ROOT,
        "held out (%d): routing accuracy %.1f%% at threshold %.2f (always the majority label:"
            + " %.1f%%); %.1f%% sent to the strong model; quality %.1f%% (all cheap %.1f%%, all"
            + " strong %.1f%%, that share sent at random %.1f%%); cost saved %.1f%% vs all strong (strong = %s cheap calls), quality"
            + " lost %.1f points%n",
        test.size(),
        100 * chosen.accuracy(),
        threshold,
        100 * majority,
        100 * chosen.toStrong(),
        100 * chosen.quality(),
        100 * curve.quality(false),
        100 * curve.quality(true),
        100 * curve.randomQuality(chosen.toStrong()),
        100 * chosen.costSaved(),
        trim(costRatio),
        100 * chosen.qualityLost());
    System.out.print(RouteCurve.HEADER);
    List<Map<String, Object>> points = new ArrayList<>();
    for (RouteCurve.Point pt : curve.curve(threshold)) {
      System.out.print(pt.row());
      points.add(pt.toMap());
    }
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("cheap_report", cheap.toString());
    training.put("strong_report", strong.toString());
    training.put("label", "strong when only the strong model answered right");
    training.put("questions", paired.pairs().size());
    training.put("skipped", paired.skipped());
    training.put("labelled_strong", labelledStrong);
    training.put("trained_on", train.size());
    training.put("held_out", test.size());
    training.put("holdout", holdout);
    training.put("l2", l2);
    if (maxQualityLoss != null) training.put("max_quality_loss", maxQualityLoss);
    training.put("cost_ratio", costRatio);
    training.put("held_out_quality_all_cheap", RouteCurve.round(curve.quality(false)));
    training.put("held_out_quality_all_strong", RouteCurve.round(curve.quality(true)));
    training.put("held_out_majority_accuracy", RouteCurve.round(majority));
    training.put(
        "held_out_quality_random_same_share",
        RouteCurve.round(curve.randomQuality(chosen.toStrong())));
    training.put("held_out_at_threshold", chosen.toMap());
    training.put("held_out_curve", points);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    model.write(out, Json.MAPPER.valueToTree(training));
    System.out.println("wrote " + out);
    return 0;
  }

  /** Out-of-fold probabilities of 5 folds (by position) of the training questions. */
  private double crossValidatedThreshold(
      List<RoutePairs.Pair> train, List<double[]> x, String embedding, int dims) {
    int folds = 5;
    double[] p = new double[train.size()];
    for (int f = 0; f < folds; f++) {
      List<double[]> fx = new ArrayList<>();
      List<Boolean> fy = new ArrayList<>();
      for (int i = 0; i < train.size(); i++)
        if (i % folds != f) {
          fx.add(x.get(i));
          fy.add(train.get(i).needsStrong());
        }
      RouterModel m = RouterModel.train(fx, fy, embedding, dims, l2);
      for (int i = f; i < train.size(); i += folds) p[i] = m.probability(x.get(i));
    }
    return new RouteCurve(train, p, costRatio).highestWithin(maxQualityLoss);
  }

  /**
   * Each question's features, its embedding computed on its own as the server computes it: the
   * quantized model embeds a text in a batch slightly differently (measured: up to 0.1 in the
   * router's probability), so batching here would train on vectors serve never sees.
   */
  static List<double[]> vectors(List<RoutePairs.Pair> pairs, OnnxEmbedder model) {
    List<double[]> out = new ArrayList<>(pairs.size());
    for (RoutePairs.Pair p : pairs)
      out.add(
          PromptFeatures.vector(
              p.question(),
              model == null ? new float[0] : model.embed(List.of(p.question())).getFirst()));
    return out;
  }

  private static String trim(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }
}
