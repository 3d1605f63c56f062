package dev.grounded.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grounded.core.GroundedException;
import dev.grounded.embed.OnnxEmbedder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded embed TEXT...}: one JSON array of floats per text, each embedded on its own,
 * exactly as {@code POST /v1/embeddings} embeds a single input.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = "Print the local model's embedding of each TEXT as a JSON array, one per line.")
final class EmbedCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "TEXT",
      arity = "1..*",
      description = "Texts to embed (each on its own).")
  List<String> texts;

  @Override
  public Integer call() throws Exception {
    for (String text : texts)
      if (text.isEmpty()) throw GroundedException.invalid("TEXT", "cannot embed an empty text");
    ObjectWriter writer = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    try (OnnxEmbedder model = OnnxEmbedder.bgeSmallEnV15Q(threads)) {
      for (String text : texts)
        System.out.println(writer.writeValueAsString(model.embed(List.of(text)).getFirst()));
    }
    return 0;
  }
}
