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
 * Writes a tiny cross-encoder for tests: an ONNX graph (encoded here by hand, protobuf wire format)
 * that takes BERT inputs and scores a pair by lexical overlap, the share of passage tokens that
 * also occur in the query, as {@code logits} [batch, 1]. With bge's {@code tokenizer.json} beside
 * it, it is a directory {@link OnnxCrossEncoder#load} accepts, and its scores are predictable: a
 * passage sharing more of the query's word pieces ranks higher.
 */
public final class TinyCrossEncoder {
  private TinyCrossEncoder() {}

  /** Writes {@code model.onnx} and {@code tokenizer.json} into {@code dir} and returns it. */
  public static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.onnx"), model());
    TinyOnnx.copyTokenizer(dir);
    return dir;
  }

  static byte[] model() {
    Proto graph = new Proto();
    // masks: query segment (type 0) and passage segment (type 1) of the real tokens
    node(graph, "Cast", new String[] {"token_type_ids"}, "tt", intAttr("to", FLOAT));
    node(graph, "Cast", new String[] {"attention_mask"}, "am", intAttr("to", FLOAT));
    node(graph, "Sub", new String[] {"one", "tt"}, "not_tt");
    node(graph, "Mul", new String[] {"not_tt", "am"}, "q_mask");
    node(graph, "Mul", new String[] {"tt", "am"}, "p_mask");
    // eq[b, i, j] = ids[b, i] == ids[b, j]
    node(graph, "Unsqueeze", new String[] {"input_ids", "axis2"}, "ids_col");
    node(graph, "Unsqueeze", new String[] {"input_ids", "axis1"}, "ids_row");
    node(graph, "Equal", new String[] {"ids_col", "ids_row"}, "eq");
    node(graph, "Cast", new String[] {"eq"}, "eq_f", intAttr("to", FLOAT));
    // match[b, i] = token i occurs among the query tokens
    node(graph, "Unsqueeze", new String[] {"q_mask", "axis1"}, "q_row");
    node(graph, "Mul", new String[] {"eq_f", "q_row"}, "eq_q");
    node(
        graph,
        "ReduceMax",
        new String[] {"eq_q"},
        "match",
        intsAttr("axes", 2),
        intAttr("keepdims", 0));
    node(graph, "Mul", new String[] {"match", "p_mask"}, "hits");
    node(graph, "ReduceSum", new String[] {"hits", "axis1"}, "hit_sum", intAttr("keepdims", 1));
    node(graph, "ReduceSum", new String[] {"p_mask", "axis1"}, "p_len", intAttr("keepdims", 1));
    node(graph, "Add", new String[] {"p_len", "one"}, "denominator");
    node(graph, "Div", new String[] {"hit_sum", "denominator"}, "logits");
    graph.string(2, "tiny-cross-encoder");
    graph.message(5, floatScalar("one", 1f));
    graph.message(5, int64Vector("axis1", 1));
    graph.message(5, int64Vector("axis2", 2));
    bertInputs(graph);
    graph.message(12, valueInfo("logits", FLOAT, "batch", null));
    return TinyOnnx.model(graph);
  }
}
