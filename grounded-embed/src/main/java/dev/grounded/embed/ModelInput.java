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

  private ModelInput(LongBuffer inputIds, LongBuffer attentionMask, long[] shape) {
    this.inputIds = inputIds;
    this.attentionMask = attentionMask;
    this.shape = shape;
  }

  /**
   * Rows {@code batch} of {@code ids}, each padded with {@code padId} (mask 0) to {@code seq}
   * tokens.
   */
  static ModelInput of(int[][] ids, int[] batch, int seq, int padId) {
    LongBuffer inputIds = direct(batch.length * seq);
    LongBuffer mask = direct(batch.length * seq);
    for (int row = 0; row < batch.length; row++) {
      int[] tokens = ids[batch[row]];
      for (int t = 0; t < seq; t++) {
        boolean real = t < tokens.length;
        inputIds.put(real ? tokens[t] : padId);
        mask.put(real ? 1 : 0);
      }
    }
    return new ModelInput(inputIds.flip(), mask.flip(), new long[] {batch.length, seq});
  }

  /**
   * Tensors for those of input_ids, attention_mask and token_type_ids (all zero) that the model
   * declares.
   */
  Map<String, OnnxTensor> tensors(OrtEnvironment env, Set<String> names) throws OrtException {
    if (names.contains("input_ids"))
      tensors.put("input_ids", OnnxTensor.createTensor(env, inputIds, shape));
    if (names.contains("attention_mask")) {
      tensors.put("attention_mask", OnnxTensor.createTensor(env, attentionMask, shape));
    }
    if (names.contains("token_type_ids")) {
      LongBuffer zeros = direct(inputIds.capacity());
      tensors.put("token_type_ids", OnnxTensor.createTensor(env, zeros, shape));
    }
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
