package dev.grounded.cli;

import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.ReaderGenerator;
import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.gateway.client.ChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which generator writes the answers: the offline extractive one, a reader, or a model over HTTP.
 */
final class GeneratorOptions {
  static final String EXTRACTIVE = "extractive";
  static final String MODEL_PREFIX = "model:";
  static final String READER_PREFIX = "reader:";

  @Option(
      names = "--generator",
      descriptionKey = "answer.generator",
      paramLabel = "NAME",
      description =
          "The answerer: extractive (offline; quotes the corpus), reader:DIR (offline; an"
              + " extractive QA model you supply, e.g. a SQuAD 2.0 model exported to ONNX, which"
              + " can tell unanswerable questions) or model:NAME (a language model called through"
              + " the gateway: an alias of models.* in grounded.yaml, else a model of the"
              + " --llm-base-url endpoint; its sentences must cite the sources that support"
              + " them). (default: ${DEFAULT-VALUE})")
  String generator = EXTRACTIVE;

  @Option(
      names = "--min-score",
      paramLabel = "S",
      descriptionKey = "answer.min_score",
      description =
          "Extractive and reader: abstain unless the best sentence's answerability confidence"
              + " (extractive, default "
              + ExtractiveOptions.DEFAULT_MIN_SCORE
              + ") or the reader's confidence (reader, default 0.5) is at least S, in [0, 1]."
              + " 'eval answers' reports the answer and abstention rates that higher values give"
              + " (selective answering).")
  Double minScore;

  @Option(
      names = "--llm-base-url",
      paramLabel = "URL",
      descriptionKey = "llm.base_url",
      description =
          "The model's OpenAI-compatible API base, e.g. http://localhost:11434/v1"
              + " (default: llm.base_url, env OPENAI_BASE_URL).")
  String baseUrl;

  @Option(
      names = "--llm-api-key-env",
      descriptionKey = "llm.api_key_env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the model's API key; it must be set (default:"
              + " OPENAI_API_KEY if set, else no key).")
  String keyEnv;

  /** The reader's directory, or null for another generator. */
  Path readerDir() {
    if (!generator.startsWith(READER_PREFIX)) return null;
    String dir = generator.substring(READER_PREFIX.length()).strip();
    if (dir.isEmpty() || !Files.isDirectory(Path.of(dir)))
      throw GroundedException.invalid("generator", "reader directory '" + dir + "' does not exist");
    return Path.of(dir);
  }

  /** The reader's confidence floor. */
  double readerMinConfidence() {
    return minScore != null ? minScore : ReaderGenerator.DEFAULT_MIN_CONFIDENCE;
  }

  /** The model's name, or null for the extractive generator and a reader; others are refused. */
  String model() {
    if (generator.equals(EXTRACTIVE) || generator.startsWith(READER_PREFIX)) return null;
    if (generator.startsWith(MODEL_PREFIX) && !generator.substring(MODEL_PREFIX.length()).isBlank())
      return generator.substring(MODEL_PREFIX.length()).strip();
    throw Usage.error(
        "generator",
        "unknown generator '" + generator + "': use 'extractive', 'reader:DIR' or 'model:NAME'");
  }

  private ChatModel chatModel;

  /** The model, once {@link #check} made it (its totals add up over the command). */
  synchronized ChatModel chatModel() {
    if (chatModel == null) throw new IllegalStateException("check(config) first");
    return chatModel;
  }

  /**
   * Fails on an unknown generator or a model without a usable endpoint, before any work; makes the
   * model's client from {@code config} (its aliases, {@code llm.*} and gateway settings).
   */
  synchronized void check(Config config) {
    String model = model();
    if (model != null && chatModel == null)
      chatModel =
          Upstreams.chatModel(config, model, baseUrl, "llm-base-url", keyEnv, "llm-api-key-env");
    readerDir();
    if (minScore != null && model != null && minScoreGiven())
      throw Usage.error("min-score", "--min-score applies to the extractive generator and readers");
    if (minScore != null && !(minScore >= 0 && minScore <= 1))
      throw Usage.error("min-score", "--min-score must be in [0, 1], not " + minScore);
  }

  /** The command this is mixed into (null when made with {@code new}). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** True when --min-score is on the command line (not from the configuration). */
  private boolean minScoreGiven() {
    return mixee == null
        || mixee.commandLine() == null
        || mixee.commandLine().getParseResult() == null
        || mixee.commandLine().getParseResult().hasMatchedOption("--min-score");
  }

  /** The extractive generator's settings. */
  ExtractiveOptions extractive() {
    ExtractiveOptions d = ExtractiveOptions.DEFAULTS;
    return minScore == null
        ? d
        : new ExtractiveOptions(
            d.maxSentences(), minScore, d.relativeScore(), d.semanticWeight(), d.minWords());
  }
}
