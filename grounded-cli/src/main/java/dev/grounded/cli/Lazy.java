package dev.grounded.cli;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A value made on first use, once (thread-safe), so commands pay only for the stages they use. */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) value = v = Objects.requireNonNull(factory.get(), "factory result");
      }
    }
    return v;
  }

  /** Runs {@code action} on the value if it has been made; never makes it. */
  void ifMade(Consumer<? super T> action) {
    T v = value;
    if (v != null) action.accept(v);
  }
}
