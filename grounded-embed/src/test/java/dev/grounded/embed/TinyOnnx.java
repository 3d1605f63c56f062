package dev.grounded.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small ONNX graphs by hand (protobuf wire format), for models the tests make. */
final class TinyOnnx {
  static final int FLOAT = 1, INT64 = 7;

  private TinyOnnx() {}

  /** A model of {@code graph}: IR version 8, default opset 13. */
  static byte[] model(Proto graph) {
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

  /** Copies bge-small's {@code tokenizer.json} (BERT uncased WordPiece) into {@code dir}. */
  static void copyTokenizer(Path dir) throws IOException {
    try (InputStream in =
        TinyOnnx.class.getResourceAsStream("/bge-small-en-v1.5-q-tokenizer.json")) {
      Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
    }
  }

  /** The three BERT inputs, int64 [batch, sequence]. */
  static void bertInputs(Proto graph) {
    for (String input : new String[] {"input_ids", "attention_mask", "token_type_ids"})
      graph.message(11, valueInfo(input, INT64, "batch", "sequence"));
  }

  static void node(Proto graph, String op, String[] inputs, String output, Proto... attrs) {
    Proto n = new Proto();
    for (String i : inputs) n.string(1, i);
    n.string(2, output);
    n.string(3, output + "_node");
    n.string(4, op);
    for (Proto a : attrs) n.message(5, a);
    graph.message(1, n);
  }

  static Proto intAttr(String name, long value) {
    Proto a = new Proto();
    a.string(1, name);
    a.varint(3, value);
    a.varint(20, 2); // INT
    return a;
  }

  static Proto intsAttr(String name, long... values) {
    Proto a = new Proto();
    a.string(1, name);
    for (long v : values) a.varint(8, v);
    a.varint(20, 7); // INTS
    return a;
  }

  static Proto floatScalar(String name, float value) {
    Proto t = new Proto();
    t.varint(2, FLOAT);
    t.string(8, name);
    int bits = Float.floatToIntBits(value);
    t.bytes(
        9, new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
    return t;
  }

  static Proto int64Vector(String name, long value) {
    Proto t = new Proto();
    t.varint(1, 1); // dims: [1]
    t.varint(2, INT64);
    t.string(8, name);
    byte[] raw = new byte[8];
    for (int i = 0; i < 8; i++) raw[i] = (byte) (value >> (8 * i));
    t.bytes(9, raw);
    return t;
  }

  /** A tensor input or output with a symbolic first dimension and a second (null: of size 1). */
  static Proto valueInfo(String name, int elemType, String dim0, String dim1) {
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

  static Proto dim(String param) {
    Proto d = new Proto();
    d.string(2, param);
    return d;
  }

  static Proto dimValue(long value) {
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
