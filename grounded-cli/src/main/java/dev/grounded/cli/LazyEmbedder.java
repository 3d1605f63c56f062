package dev.grounded.cli;

import dev.grounded.embed.Embedder;
import dev.grounded.embed.OnnxEmbedder;
import java.util.List;
import java.util.function.Supplier;

/** Loads the ONNX model on first use, so commands that never embed (status) start fast. */
final class LazyEmbedder implements Embedder, AutoCloseable {
  private final Lazy<OnnxEmbedder> model;

  LazyEmbedder(Supplier<OnnxEmbedder> factory) {
    this.model = new Lazy<>(factory);
  }

  private OnnxEmbedder model() {
    return model.get();
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
  public void close() {
    model.ifMade(OnnxEmbedder::close);
  }
}
