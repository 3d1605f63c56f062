package dev.grounded.cli;

import static dev.grounded.cli.EvalCommand.write;
import static dev.grounded.cli.Upstreams.chatModel;

import dev.grounded.eval.judge.Calibration;
import dev.grounded.eval.judge.CalibrationTable;
import dev.grounded.eval.judge.Judge;
import dev.grounded.eval.judge.LabelsFile;
import dev.grounded.eval.judge.Rubric;
import dev.grounded.gateway.client.ChatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "calibrate",
    description = {
      "Measure an LLM judge against human labels: agreement, Cohen's kappa (quadratic weights on"
          + " an ordinal scale), the confusion matrix and repeat consistency.",
      "The judge runs through any OpenAI-compatible endpoint. Labels are JSONL: {\"id\","
          + " <the rubric's fields>..., \"label\"}. A judge whose kappa is below the rubric's"
          + " min_kappa is reported as not usable for gating."
    })
final class EvalCalibrateCommand implements Callable<Integer> {
  /** The configuration: a --model naming an alias of grounded.yaml is called through it. */
  @Mixin DataOption data;

  @Option(names = "--judge", required = true, paramLabel = "RUBRIC", description = "Rubric YAML.")
  Path rubricFile;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description = "Human-labelled items (JSONL).")
  Path labels;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "The judge's OpenAI-compatible API base, e.g. http://localhost:11434/v1 (default: env"
              + " OPENAI_BASE_URL).")
  String baseUrl;

  @Option(names = "--model", required = true, description = "The judge model's name.")
  String model;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the API key; it must be set (default: OPENAI_API_KEY if"
              + " set, else no key).")
  String apiKeyEnv;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description =
          "Times each item is judged, for repeat consistency (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--temperature",
      defaultValue = "0",
      description = "Sampling temperature of the judge (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      paramLabel = "N",
      description = "Items judged at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
  Path jsonFile;

  @Override
  public Integer call() {
    if (parallelism < 1 || parallelism > 64)
      throw Usage.error("parallel", "--parallel must be in 1..64, not " + parallelism);
    if (repeats < 1 || repeats > 20)
      throw Usage.error("repeats", "--repeats must be in 1..20, not " + repeats);
    ChatModel client =
        chatModel(data.config(), model, baseUrl, "base-url", apiKeyEnv, "api-key-env");
    Rubric rubric = Rubric.read(rubricFile);
    List<Calibration.Labelled> items = LabelsFile.read(labels, rubric);
    Calibration c =
        Calibration.run(
            new Judge(rubric, client, temperature, Prompts.judge(data.database())),
            model,
            items,
            repeats,
            parallelism);
    System.out.print(CalibrationTable.of(c));
    if (jsonFile != null) write(jsonFile, c.toMap());
    return 0;
  }
}
