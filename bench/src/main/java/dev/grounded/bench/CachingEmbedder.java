package dev.grounded.bench;

import dev.grounded.embed.Embedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark-only decorator: remembers passage vectors on disk by text, so a 100k-chunk index can be
 * rebuilt without re-embedding. Queries are always embedded live. Not for production: the cache is
 * an append-only file read whole.
 */
final class CachingEmbedder implements Embedder {
  private final Embedder delegate;
  private final Path file;
  private final Map<String, float[]> cache = new HashMap<>();
  int computed;

  CachingEmbedder(Embedder delegate, Path file) throws IOException {
    this.delegate = delegate;
    this.file = file;
    if (Files.exists(file)) load();
  }

  private void load() throws IOException {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      while (true) {
        String text;
        try {
          text = in.readUTF();
        } catch (EOFException e) {
          return;
        }
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        cache.put(text, v);
      }
    }
  }

  int size() {
    return cache.size();
  }

  @Override
  public synchronized List<float[]> embed(List<String> texts) {
    List<String> missing = new ArrayList<>();
    for (String t : texts) if (!cache.containsKey(t)) missing.add(t);
    if (!missing.isEmpty()) {
      List<float[]> vectors = delegate.embed(missing);
      computed += missing.size();
      append(missing, vectors);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(cache.get(t));
    return out;
  }

  private void append(List<String> texts, List<float[]> vectors) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out =
          new DataOutputStream(
              new java.io.BufferedOutputStream(
                  Files.newOutputStream(
                      file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
        for (int i = 0; i < texts.size(); i++) {
          out.writeUTF(texts.get(i));
          out.writeInt(vectors.get(i).length);
          for (float f : vectors.get(i)) out.writeFloat(f);
          cache.put(texts.get(i), vectors.get(i));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public float[] embedQuery(String query) {
    return delegate.embedQuery(query);
  }

  @Override
  public int dimensions() {
    return delegate.dimensions();
  }
}
