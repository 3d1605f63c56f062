package dev.grounded.cli;

import dev.grounded.embed.Embedder;
import dev.grounded.embed.OnnxEmbedder;
import java.util.List;
import java.util.function.Supplier;

/** Loads the ONNX model on first use, so commands that never embed (status) start fast. */
final class LazyEmbedder implements Embedder, AutoCloseable {
  private final Supplier<OnnxEmbedder> factory;
  private OnnxEmbedder model;

  LazyEmbedder(Supplier<OnnxEmbedder> factory) {
    this.factory = factory;
  }

  private synchronized OnnxEmbedder model() {
    if (model == null) model = factory.get();
    return model;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return texts.isEmpty() ? List.of() : model().embed(texts);
  }

  @Override
  public float[] embedQuery(String query) {
    return model().embedQuery(query);
  }

  @Override
  public int dimensions() {
    return model().dimensions();
  }

  @Override
  public synchronized void close() {
    if (model != null) model.close();
  }
}
