package dev.grounded.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model the user supplies as a directory: {@code model.onnx} (or {@code onnx/model.onnx}, as
 * HuggingFace exports lay it out) and the HuggingFace {@code tokenizer.json} (BERT WordPiece).
 * Errors name the option ({@code param}) the directory came from.
 */
record ModelDir(OrtSession session, WordPieceTokenizer tokenizer) {
  /** Builds a model object over a loaded session and tokenizer. */
  @FunctionalInterface
  interface Opener<T> {
    T open(OrtSession session, WordPieceTokenizer tokenizer) throws OrtException;
  }

  /**
   * Loads the directory and hands session and tokenizer to {@code opener}; if that fails (a model
   * without the inputs or outputs it needs, say), the session is closed and the error names {@code
   * param}.
   */
  static <T> T open(Path dir, int intraOpThreads, String param, Opener<T> opener) {
    ModelDir m = load(dir, intraOpThreads, param);
    try {
      return opener.open(m.session(), m.tokenizer());
    } catch (OrtException | RuntimeException e) {
      try {
        m.session().close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException re) throw re;
      throw GroundedException.invalid(param, dir + ": " + e.getMessage());
    }
  }

  /**
   * Checks that the model's output {@code name} is a float tensor of rank {@code rank} (of rank 1
   * or 2 when {@code rank} is 0), else refuses the model, naming {@code param}.
   */
  static void expectFloat(OrtSession session, String name, int rank, String param, String what)
      throws OrtException {
    NodeInfo info = session.getOutputInfo().get(name);
    boolean ok =
        info != null
            && info.getInfo() instanceof TensorInfo t
            && t.type == OnnxJavaType.FLOAT
            && (rank == 0
                ? t.getShape().length >= 1 && t.getShape().length <= 2
                : t.getShape().length == rank);
    if (!ok)
      throw GroundedException.invalid(
          param,
          "expected output "
              + what
              + " of floats; the model has "
              + (info == null ? "none" : info.getInfo()));
  }

  /** Closes a session, reporting a failure as an internal error. */
  static void close(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      throw new GroundedException(
          ErrorCode.INTERNAL, "cannot close ONNX session: " + e.getMessage(), null, e);
    }
  }

  static ModelDir load(Path dir, int intraOpThreads, String param) {
    Path model = dir.resolve("model.onnx");
    if (!Files.isRegularFile(model)) model = dir.resolve("onnx").resolve("model.onnx");
    Path tokenizerFile = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizerFile))
      throw GroundedException.invalid(
          param, dir + ": a model directory holds model.onnx and tokenizer.json");
    WordPieceTokenizer tokenizer;
    try (InputStream in = Files.newInputStream(tokenizerFile)) {
      tokenizer = WordPieceTokenizer.fromJson(in);
    } catch (IOException | RuntimeException e) {
      throw GroundedException.invalid(param, tokenizerFile + ": " + e.getMessage());
    }
    try (OrtSession.SessionOptions so = Sessions.options(intraOpThreads)) {
      return new ModelDir(
          OrtEnvironment.getEnvironment().createSession(model.toString(), so), tokenizer);
    } catch (OrtException e) {
      throw GroundedException.invalid(
          param, model + ": not a loadable ONNX model: " + e.getMessage());
    }
  }
}
