package dev.grounded.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The BERT input tensors of one padded batch, in direct native-order buffers that ONNX Runtime
 * reads without copying. Owns the tensors it creates; not thread-safe, used by one call.
 */
final class ModelInput implements AutoCloseable {
  private final LongBuffer inputIds;
  private final LongBuffer attentionMask;
  private final long[] shape;
  private final Map<String, OnnxTensor> tensors = new HashMap<>();

  private final LongBuffer tokenTypes;

  private ModelInput(
      LongBuffer inputIds, LongBuffer attentionMask, LongBuffer tokenTypes, long[] shape) {
    this.inputIds = inputIds;
    this.attentionMask = attentionMask;
    this.tokenTypes = tokenTypes;
    this.shape = shape;
  }

  /**
   * Rows {@code batch} of {@code ids}, each padded with {@code padId} (mask 0) to {@code seq}
   * tokens.
   */
  static ModelInput of(int[][] ids, int[] batch, int seq, int padId) {
    return of(ids, null, batch, seq, padId);
  }

  /**
   * The same for text pairs: row {@code i}'s tokens from {@code secondStarts[i]} on have token type
   * 1 (null: every token has type 0).
   */
  static ModelInput of(int[][] ids, int[] secondStarts, int[] batch, int seq, int padId) {
    LongBuffer inputIds = direct(batch.length * seq);
    LongBuffer mask = direct(batch.length * seq);
    LongBuffer types = direct(batch.length * seq);
    for (int row = 0; row < batch.length; row++) {
      int[] tokens = ids[batch[row]];
      int second = secondStarts == null ? Integer.MAX_VALUE : secondStarts[batch[row]];
      for (int t = 0; t < seq; t++) {
        boolean real = t < tokens.length;
        inputIds.put(real ? tokens[t] : padId);
        mask.put(real ? 1 : 0);
        types.put(real && t >= second ? 1 : 0);
      }
    }
    return new ModelInput(
        inputIds.flip(), mask.flip(), types.flip(), new long[] {batch.length, seq});
  }

  /** Tensors for those of input_ids, attention_mask and token_type_ids that the model declares. */
  Map<String, OnnxTensor> tensors(OrtEnvironment env, Set<String> names) throws OrtException {
    if (names.contains("input_ids"))
      tensors.put("input_ids", OnnxTensor.createTensor(env, inputIds, shape));
    if (names.contains("attention_mask")) {
      tensors.put("attention_mask", OnnxTensor.createTensor(env, attentionMask, shape));
    }
    if (names.contains("token_type_ids"))
      tensors.put("token_type_ids", OnnxTensor.createTensor(env, tokenTypes, shape));
    return tensors;
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }

  private static LongBuffer direct(int longs) {
    return ByteBuffer.allocateDirect(longs * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }
}
