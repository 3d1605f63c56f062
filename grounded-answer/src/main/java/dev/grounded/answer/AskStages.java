package dev.grounded.answer;

import java.util.List;
import java.util.Objects;

/**
 * Observes the stages of the ask pipeline as they run: metrics time them, traces make each a span
 * (and the current one while it runs, so a gateway call made by the generator is its child). Called
 * on the asking thread; implementations are thread-safe, quick, and must not throw. This keeps
 * {@code grounded-answer} free of any metrics or tracing library.
 */
@FunctionalInterface
public interface AskStages {
  /** The stage names {@link Asker} reports, in pipeline order. */
  String GUARD_QUESTION = "guard_question";

  String EMBED = "embed";
  String RETRIEVE = "retrieve";

  /** Reported by a reranking retriever's wiring, inside {@link #RETRIEVE}. */
  String RERANK = "rerank";

  String GUARD_CHUNKS = "guard_chunks";
  String GENERATE = "generate";
  String VERIFY = "verify";

  /** Observes nothing. */
  AskStages NONE = name -> Stage.NONE;

  /** Stage {@code name} begins on this thread; the returned stage is closed when it ends. */
  Stage begin(String name);

  /** One running stage: {@link #failed} (at most once) when it threw, then {@link #close}. */
  interface Stage extends AutoCloseable {
    Stage NONE =
        new Stage() {
          @Override
          public void failed(RuntimeException e) {}

          @Override
          public void close() {}
        };

    void failed(RuntimeException e);

    @Override
    void close();
  }

  /** Runs {@code work} as stage {@code name}. */
  default <T> T run(String name, java.util.function.Supplier<T> work) {
    try (Stage stage = begin(name)) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        stage.failed(e);
        throw e;
      }
    }
  }

  /** Every one of {@code observers}, in order (stages close in reverse order). */
  static AskStages all(List<AskStages> observers) {
    List<AskStages> list =
        observers.stream().filter(o -> Objects.requireNonNull(o) != NONE).toList();
    if (list.isEmpty()) return NONE;
    if (list.size() == 1) return list.getFirst();
    return name -> {
      Stage[] stages = new Stage[list.size()];
      for (int i = 0; i < stages.length; i++) stages[i] = list.get(i).begin(name);
      return new Stage() {
        @Override
        public void failed(RuntimeException e) {
          for (Stage s : stages) s.failed(e);
        }

        @Override
        public void close() {
          for (int i = stages.length - 1; i >= 0; i--) stages[i].close();
        }
      };
    };
  }
}
