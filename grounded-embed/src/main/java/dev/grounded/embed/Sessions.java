package dev.grounded.embed;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** ONNX Runtime session options shared by the BERT-style models. */
final class Sessions {
  private Sessions() {}

  /**
   * {@code intraOpThreads} threads per inference, one inter-op thread, every graph optimization,
   * and no memory pattern: shapes vary per batch, so a pattern would be re-planned each run. The
   * caller closes the options.
   */
  static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
    if (intraOpThreads < 1)
      throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setIntraOpNumThreads(intraOpThreads);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setMemoryPatternOptimization(false);
      return so;
    } catch (OrtException | RuntimeException e) {
      so.close();
      throw e;
    }
  }
}
