package dev.grounded.cli;

import dev.grounded.eval.gate.Gate;
import dev.grounded.eval.gate.Report;
import dev.grounded.eval.gate.ReportFile;
import dev.grounded.eval.gate.Tolerance;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "gate",
    description = {
      "Compare a report with a baseline report and fail (exit 1) if a gated metric regressed"
          + " beyond its tolerance or went missing.",
      "Reports are the --json files of 'grounded eval' commands. Metrics that a report lists in"
          + " lower_is_better regress when they rise."
    })
final class EvalGateCommand implements Callable<Integer> {
  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "FILE",
      description = "The report to compare against (e.g. from the main branch).")
  Path baseline;

  @Option(
      names = "--current",
      required = true,
      paramLabel = "FILE",
      description = "The report of this run.")
  Path current;

  @Option(
      names = "--max-drop",
      paramLabel = "LIST",
      description =
          "Tolerated regressions: metric=amount or metric=percent%%, comma-separated, e.g."
              + " ndcg@10=0.01,faithfulness=2%%. A name without a mode prefix gates it in every"
              + " mode (ndcg@10 gates bm25.ndcg@10 and hybrid.ndcg@10).")
  String maxDrop;

  @Option(
      names = "--default-max-drop",
      paramLabel = "AMOUNT",
      description = "Gate every other metric both reports share with this absolute tolerance.")
  Double defaultMaxDrop;

  @Override
  public Integer call() {
    if (maxDrop == null && defaultMaxDrop == null)
      throw Usage.error("max-drop", "nothing to gate: give --max-drop and/or --default-max-drop");
    if (defaultMaxDrop != null && !(defaultMaxDrop >= 0))
      throw Usage.error(
          "default-max-drop", "--default-max-drop must be >= 0, not " + defaultMaxDrop);
    List<Tolerance> tolerances =
        maxDrop == null ? List.of() : Usage.option(() -> Tolerance.parseList(maxDrop, "max-drop"));
    Report base = ReportFile.read(baseline, "baseline");
    Report cur = ReportFile.read(current, "current");
    Gate.Result result = Gate.check(base, cur, tolerances, Optional.ofNullable(defaultMaxDrop));
    System.out.print(result.table());
    return result.passed() ? 0 : 1;
  }
}
