package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.index.RetrievalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A cross-encoder that reranks hybrid hits: the model directory and how many hits it reads. */
final class RerankOptions {
  @Option(
      names = "--reranker",
      paramLabel = "DIR",
      descriptionKey = "rerank.model",
      description =
          "Rerank hybrid hits with the cross-encoder in DIR (model.onnx and tokenizer.json, e.g."
              + " an ms-marco MiniLM cross-encoder exported to ONNX) (default: rerank.model,"
              + " env GROUNDED_RERANKER; none).")
  Path dir;

  @Option(
      names = "--rerank-depth",
      paramLabel = "N",
      descriptionKey = "rerank.depth",
      description =
          "Hits the reranker reads (default: rerank.depth, else the collection's saved setting,"
              + " else "
              + RetrievalSettings.DEFAULT_RERANK_DEPTH
              + ").")
  Integer depth;

  /** How deep to rerank: --rerank-depth, else the collection's saved depth, else the default. */
  int effectiveDepth(RetrievalSettings saved) {
    return depth != null ? depth : saved.rerankDepthOrDefault();
  }

  /** The command this is mixed into (null when made with {@code new}). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** True when --rerank-depth is on the command line (not from the configuration). */
  private boolean depthGiven() {
    return mixee == null
        || mixee.commandLine() == null
        || mixee.commandLine().getParseResult() == null
        || mixee.commandLine().getParseResult().hasMatchedOption("--rerank-depth");
  }

  /** The reranker's directory, or null for none; a missing directory is refused. */
  Path directory() {
    Path d = dir;
    if (d == null) {
      String env = System.getenv("GROUNDED_RERANKER");
      if (env == null || env.isBlank()) {
        if (depth != null && depthGiven())
          throw Usage.error("rerank-depth", "--rerank-depth needs a reranker: give --reranker DIR");
        return null;
      }
      d = Path.of(env);
    }
    if (!Files.isDirectory(d))
      throw GroundedException.invalid("reranker", d + ": no such directory");
    if (depth != null && (depth < 1 || depth > 1000))
      throw Usage.error("rerank-depth", "--rerank-depth must be in 1..1000, not " + depth);
    return d;
  }
}
