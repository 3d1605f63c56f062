package dev.grounded.gateway.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cached answers, in memory: by exact key, and grouped by the key of everything but the last
 * user turn for the semantic cache. Least recently used entries go first when a bound is reached;
 * an entry past its TTL is never returned. Thread-safe (one lock; every operation is a few map
 * updates, the semantic scan a dot product per candidate).
 */
final class CacheStore {
  /**
   * A stored answer. {@code turn} is null when it cannot be matched semantically; {@code tenant}
   * and {@code user} name who asked first (what a deletion of their data finds it by).
   */
  record Entry(
      String exact,
      String rest,
      ObjectNode completion,
      SemanticMatch.Turn turn,
      Instant stored,
      long bytes,
      String tenant,
      String user) {}

  /** Bytes counted per entry beyond its JSON: keys, the entry and map overhead. */
  private static final long OVERHEAD = 400;

  private final CacheSettings settings;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> byKey = new LinkedHashMap<>(256, 0.75f, true);

  /** Entries with a turn, by rest key: the semantic candidates (identity sets: O(1) removal). */
  private final Map<String, Set<Entry>> byRest = new HashMap<>();

  private long bytes;
  final LongAdder evicted = new LongAdder();
  final LongAdder expired = new LongAdder();
  final LongAdder stored = new LongAdder();

  CacheStore(CacheSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Bytes an entry for {@code completionJson} and {@code turn} counts against the bound. */
  static long size(String completionJson, SemanticMatch.Turn turn) {
    long b = OVERHEAD + 2L * completionJson.length();
    if (turn != null) b += 4L * turn.vector().length + 2L * turn.text().length();
    return b;
  }

  synchronized Optional<Entry> exact(String key) {
    Entry e = byKey.get(key);
    if (e == null) return Optional.empty();
    if (expired(e)) {
      remove(e);
      expired.increment();
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /**
   * The live entries sharing {@code rest} that have a turn, by descending cosine to {@code vector},
   * at most {@code limit}.
   */
  synchronized List<Entry> nearest(String rest, float[] vector, int limit) {
    Set<Entry> group = byRest.get(rest);
    if (group == null) return List.of();
    List<Entry> live = new ArrayList<>();
    for (Entry e : List.copyOf(group)) {
      if (expired(e)) {
        remove(e);
        expired.increment();
      } else if (e.turn().vector().length == vector.length) live.add(e);
    }
    live.sort(Comparator.comparingDouble((Entry e) -> -dot(e.turn().vector(), vector)));
    List<Entry> top = live.subList(0, Math.min(limit, live.size()));
    for (Entry e : top) byKey.get(e.exact()); // touch: recently used
    return List.copyOf(top);
  }

  /** Whether {@code rest} has a semantic candidate: if not, the turn need not be embedded yet. */
  synchronized boolean hasGroup(String rest) {
    return byRest.containsKey(rest);
  }

  synchronized void put(Entry e) {
    if (e.bytes() > settings.maxBytes()) return;
    Entry old = byKey.get(e.exact());
    if (old != null) remove(old);
    byKey.put(e.exact(), e);
    if (e.turn() != null)
      byRest
          .computeIfAbsent(e.rest(), r -> Collections.newSetFromMap(new IdentityHashMap<>()))
          .add(e);
    bytes += e.bytes();
    stored.increment();
    Iterator<Entry> lru = byKey.values().iterator();
    while ((byKey.size() > settings.maxEntries() || bytes > settings.maxBytes()) && lru.hasNext()) {
      Entry victim = lru.next();
      lru.remove();
      unlink(victim);
      if (expired(victim)) expired.increment();
      else evicted.increment();
    }
  }

  /**
   * Removes the entries {@code tenant} stored, only {@code user}'s when given; returns how many.
   */
  synchronized int removeOwnedBy(String tenant, java.util.Optional<String> user) {
    List<Entry> gone = new ArrayList<>();
    for (Entry e : byKey.values())
      if (e.tenant().equals(tenant) && (user.isEmpty() || e.user().equals(user.get()))) gone.add(e);
    gone.forEach(this::remove);
    return gone.size();
  }

  Instant now() {
    return clock.instant();
  }

  synchronized int entries() {
    return byKey.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  private boolean expired(Entry e) {
    Duration age = Duration.between(e.stored(), clock.instant());
    return age.compareTo(settings.ttl()) >= 0;
  }

  private void remove(Entry e) {
    byKey.remove(e.exact());
    unlink(e);
  }

  /** Drops {@code e} from its semantic group and the byte count (not from {@code byKey}). */
  private void unlink(Entry e) {
    bytes -= e.bytes();
    Set<Entry> group = e.turn() == null ? null : byRest.get(e.rest());
    if (group != null) {
      group.remove(e);
      if (group.isEmpty()) byRest.remove(e.rest());
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
