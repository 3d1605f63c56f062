package dev.grounded.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    try (InputStream in =
        TinyCrossEncoder.class.getResourceAsStream("/bge-small-en-v1.5-q-tokenizer.json")) {
      Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
    }
    return dir;
  }

  private static final int FLOAT = 1, INT64 = 7;

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
    for (String input : new String[] {"input_ids", "attention_mask", "token_type_ids"})
      graph.message(11, valueInfo(input, INT64, "batch", "sequence"));
    graph.message(12, valueInfo("logits", FLOAT, "batch", null));
    Proto model = new Proto();
    model.varint(1, 8); // IR version
    model.string(2, "grounded-tests");
    model.message(7, graph);
    Proto opset = new Proto();
    opset.string(1, "");
    opset.varint(2, 13);
    model.message(8, opset);
    return model.bytes();
  }

  private static void node(Proto graph, String op, String[] inputs, String output, Proto... attrs) {
    Proto n = new Proto();
    for (String i : inputs) n.string(1, i);
    n.string(2, output);
    n.string(3, output + "_node");
    n.string(4, op);
    for (Proto a : attrs) n.message(5, a);
    graph.message(1, n);
  }

  private static Proto intAttr(String name, long value) {
    Proto a = new Proto();
    a.string(1, name);
    a.varint(3, value);
    a.varint(20, 2); // INT
    return a;
  }

  private static Proto intsAttr(String name, long... values) {
    Proto a = new Proto();
    a.string(1, name);
    for (long v : values) a.varint(8, v);
    a.varint(20, 7); // INTS
    return a;
  }

  private static Proto floatScalar(String name, float value) {
    Proto t = new Proto();
    t.varint(2, FLOAT);
    t.string(8, name);
    int bits = Float.floatToIntBits(value);
    t.bytes(
        9, new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
    return t;
  }

  private static Proto int64Vector(String name, long value) {
    Proto t = new Proto();
    t.varint(1, 1); // dims: [1]
    t.varint(2, INT64);
    t.string(8, name);
    byte[] raw = new byte[8];
    for (int i = 0; i < 8; i++) raw[i] = (byte) (value >> (8 * i));
    t.bytes(9, raw);
    return t;
  }

  /** A tensor input or output with a symbolic first dimension and an optional second. */
  private static Proto valueInfo(String name, int elemType, String dim0, String dim1) {
    Proto shape = new Proto();
    shape.message(1, dim(dim0));
    shape.message(1, dim1 == null ? dimValue(1) : dim(dim1));
    Proto tensor = new Proto();
    tensor.varint(1, elemType);
    tensor.message(2, shape);
    Proto type = new Proto();
    type.message(1, tensor);
    Proto v = new Proto();
    v.string(1, name);
    v.message(2, type);
    return v;
  }

  private static Proto dim(String param) {
    Proto d = new Proto();
    d.string(2, param);
    return d;
  }

  private static Proto dimValue(long value) {
    Proto d = new Proto();
    d.varint(1, value);
    return d;
  }

  /** A protobuf message being written: varint and length-delimited fields only. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
    }

    void bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void message(int field, Proto value) {
      bytes(field, value.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
