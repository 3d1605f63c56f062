package dev.grounded.embed;

import static dev.grounded.embed.TinyOnnx.FLOAT;
import static dev.grounded.embed.TinyOnnx.bertInputs;
import static dev.grounded.embed.TinyOnnx.floatScalar;
import static dev.grounded.embed.TinyOnnx.int64Vector;
import static dev.grounded.embed.TinyOnnx.intAttr;
import static dev.grounded.embed.TinyOnnx.intsAttr;
import static dev.grounded.embed.TinyOnnx.node;
import static dev.grounded.embed.TinyOnnx.valueInfo;

import dev.grounded.embed.TinyOnnx.Proto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny extractive reader for tests: an ONNX graph with SQuAD 2.0 outputs ({@code
 * start_logits}, {@code end_logits}) that knows two facts. When the question mentions "owls", the
 * span from "mice" to "voles" scores 20; when it mentions "honey", the word "nectar" scores 20;
 * [CLS] (no answer) always scores 2, everything else 0. So a question about anything else gets no
 * answer, and a question whose passage lacks the span does too.
 */
public final class TinyReader {
  private TinyReader() {}

  /** Writes {@code model.onnx} and {@code tokenizer.json} into {@code dir} and returns it. */
  public static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.onnx"), model(WordPieceTokenizer.bgeSmallEnV15()));
    TinyOnnx.copyTokenizer(dir);
    return dir;
  }

  static byte[] model(WordPieceTokenizer t) {
    Proto graph = new Proto();
    graph.string(2, "tiny-reader");
    graph.message(5, floatScalar("one", 1f));
    graph.message(5, floatScalar("ten", 10f));
    graph.message(5, int64Vector("cls", t.encode("", 8)[0]));
    graph.message(5, int64Vector("owls", first(t, "owls")));
    graph.message(5, int64Vector("honey", first(t, "honey")));
    graph.message(5, int64Vector("mice", first(t, "mice")));
    graph.message(5, int64Vector("voles", last(t, "voles")));
    graph.message(5, int64Vector("nectar_first", first(t, "nectar")));
    graph.message(5, int64Vector("nectar_last", last(t, "nectar")));
    node(graph, "Cast", new String[] {"token_type_ids"}, "tt", intAttr("to", FLOAT));
    node(graph, "Cast", new String[] {"attention_mask"}, "am", intAttr("to", FLOAT));
    node(graph, "Sub", new String[] {"one", "tt"}, "not_tt");
    node(graph, "Mul", new String[] {"not_tt", "am"}, "q_mask");
    for (String token :
        new String[] {"cls", "owls", "honey", "mice", "voles", "nectar_first", "nectar_last"}) {
      node(graph, "Equal", new String[] {"input_ids", token}, "is_" + token);
      node(graph, "Cast", new String[] {"is_" + token}, "at_" + token, intAttr("to", FLOAT));
    }
    // whether the question (segment 0) mentions a word: [batch, 1]
    for (String word : new String[] {"owls", "honey"}) {
      node(graph, "Mul", new String[] {"at_" + word, "q_mask"}, "q_" + word);
      node(
          graph,
          "ReduceMax",
          new String[] {"q_" + word},
          "asks_" + word,
          intsAttr("axes", 1),
          intAttr("keepdims", 1));
    }
    logits(graph, "start_logits", "at_mice", "at_nectar_first");
    logits(graph, "end_logits", "at_voles", "at_nectar_last");
    bertInputs(graph);
    graph.message(12, valueInfo("start_logits", FLOAT, "batch", "sequence"));
    graph.message(12, valueInfo("end_logits", FLOAT, "batch", "sequence"));
    return TinyOnnx.model(graph);
  }

  /**
   * 10 at the owls token if owls are asked about, 10 at the honey token if honey is, 1 at [CLS].
   */
  private static void logits(Proto graph, String out, String owlsToken, String honeyToken) {
    node(graph, "Mul", new String[] {owlsToken, "asks_owls"}, out + "_o");
    node(graph, "Mul", new String[] {honeyToken, "asks_honey"}, out + "_h");
    node(graph, "Add", new String[] {out + "_o", out + "_h"}, out + "_facts");
    node(graph, "Mul", new String[] {out + "_facts", "ten"}, out + "_scaled");
    node(graph, "Add", new String[] {out + "_scaled", "at_cls"}, out);
  }

  private static long first(WordPieceTokenizer t, String word) {
    return t.encode(word, 16)[1];
  }

  private static long last(WordPieceTokenizer t, String word) {
    int[] ids = t.encode(word, 16);
    return ids[ids.length - 2];
  }
}
