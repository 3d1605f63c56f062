package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.ingest.CollectionId;
import java.util.function.Consumer;

/**
 * One asynchronous evaluation ({@code POST /api/eval/answers} with {@code "async": true}): every
 * question of its set asked of its collection, progress counted per answered item and persisted at
 * most every {@value #PERSIST_MILLIS} ms. Its report is stored with the job, not kept here.
 */
final class EvalJob extends Job {
  static final long PERSIST_MILLIS = 1000;
  private final int total;
  private int done;
  private long persisted;

  EvalJob(Identity identity, CollectionId collection, int total, Consumer<Job> observer) {
    super(identity, collection, observer);
    this.total = total;
  }

  @Override
  String kind() {
    return JobStore.EVAL;
  }

  /** The evaluation begins. */
  void started() {
    boolean changed;
    synchronized (this) {
      changed = begin();
      persisted = System.nanoTime();
    }
    if (changed) changed();
  }

  /** One more item was answered and scored. */
  void itemDone() {
    boolean persist;
    synchronized (this) {
      done++;
      long now = System.nanoTime();
      persist = now - persisted >= PERSIST_MILLIS * 1_000_000;
      if (persist) persisted = now;
    }
    if (persist) changed();
  }

  @Override
  void details(ObjectNode o) {
    ObjectNode p = o.putObject("progress");
    p.put("total", total);
    p.put("done", done);
  }
}
