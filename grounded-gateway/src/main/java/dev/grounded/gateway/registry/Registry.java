package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Tenants;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registry of versioned prompts and model aliases, per tenant, in the data directory's SQLite
 * file ({@code grounded.db}, tables {@code registry_versions} and {@code registry_labels}).
 *
 * <p>Every {@link #create} stores a new version (1, 2, …) that is never changed again (there are no
 * drafts; a trigger refuses any {@code UPDATE} of a version). Labels point at versions, optionally
 * with a {@link Split}; every move of a label is a row of its history, and {@link #rollback} undoes
 * the last move. {@code latest} is implicit: the newest version. The first version of a prompt is
 * labelled {@code production} (so it is served at once); a model alias is served from the registry
 * only once a label points at a version.
 *
 * <p>Thread-safe: calls are serialized on one connection. Nothing is cached: each call reads the
 * database, so a label moved by another process (the CLI, another server) is seen by the next
 * request.
 */
public final class Registry implements AutoCloseable {
  /** The label a request gets when it names neither a label nor a version. */
  public static final String PRODUCTION = "production";

  /** The implicit label of the newest version. */
  public static final String LATEST = "latest";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final RegistryTables tables;
  private final Clock clock;
  private final Map<String, BuiltInPrompt> builtIns;
  private boolean closed;

  private Registry(RegistryTables tables, Clock clock, Map<String, BuiltInPrompt> builtIns) {
    this.tables = tables;
    this.clock = clock;
    this.builtIns = builtIns;
  }

  /** Opens (creating if needed) the registry in {@code dbFile}, without built-in prompts. */
  public static Registry open(Path dbFile) {
    return open(dbFile, List.of(), Clock.systemUTC());
  }

  /**
   * Opens the registry in {@code dbFile} (usually {@code <data>/grounded.db}).
   *
   * @param builtIns Grounded's own prompts, version 1 of their names for every tenant
   */
  public static Registry open(Path dbFile, List<BuiltInPrompt> builtIns, Clock clock) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(clock, "clock");
    Map<String, BuiltInPrompt> byName = new LinkedHashMap<>();
    for (BuiltInPrompt b : builtIns)
      if (byName.put(b.name(), b) != null)
        throw new IllegalArgumentException("built-in prompt " + b.name() + " given twice");
    return new Registry(RegistryTables.open(dbFile), clock, Map.copyOf(byName));
  }

  /** The built-in prompt {@code name}, if Grounded ships one. */
  public Optional<BuiltInPrompt> builtIn(String name) {
    return Optional.ofNullable(builtIns.get(name));
  }

  /**
   * Stores {@code body} as the next version of {@code name} and points {@code labels} at it. A
   * prompt's first version is also labelled {@code production}.
   *
   * @throws GroundedException {@code invalid_request} for a bad name, label or definition
   */
  public synchronized Version create(
      String tenant, Kind kind, String name, ObjectNode body, String note, List<String> labels) {
    check(tenant, kind, name);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(note, "note");
    if (note.length() > 1000)
      throw GroundedException.invalid("note", "a note has at most 1000 characters");
    for (String l : labels) checkLabel(l);
    kind.validate(name, body);
    if (isBuiltIn(kind, name)) builtIns.get(name).check(body);
    ensureOpen();
    return tables.write(
        () -> {
          materialize(tenant, kind, name);
          Version v =
              new Version(
                  tenant, kind, name, tables.maxVersion(tenant, kind, name) + 1, body, note, now());
          tables.insertVersion(v);
          TreeSet<String> all = new TreeSet<>(labels);
          if (v.number() == 1 && kind == Kind.PROMPT) all.add(PRODUCTION);
          for (String l : all)
            move(tenant, kind, name, new Label(l, v.number(), Optional.empty(), v.createdAt()));
          return v;
        });
  }

  /** The names of the tenant's entries of {@code kind} (built-in prompts included), sorted. */
  public synchronized List<String> names(String tenant, Kind kind) {
    Tenants.check(tenant);
    Objects.requireNonNull(kind, "kind");
    ensureOpen();
    TreeSet<String> names = tables.names(tenant, kind);
    if (kind == Kind.PROMPT) names.addAll(builtIns.keySet());
    return List.copyOf(names);
  }

  /** Every version of {@code name}, oldest first; empty when the tenant has no such entry. */
  public synchronized List<Version> versions(String tenant, Kind kind, String name) {
    check(tenant, kind, name);
    ensureOpen();
    List<Version> stored = tables.versions(tenant, kind, name, 0);
    if (stored.isEmpty() && isBuiltIn(kind, name)) return List.of(builtInVersion(tenant, name));
    return stored;
  }

  /** Version {@code number} of {@code name}, if it exists. */
  public synchronized Optional<Version> version(String tenant, Kind kind, String name, int number) {
    check(tenant, kind, name);
    ensureOpen();
    List<Version> one = tables.versions(tenant, kind, name, number);
    if (!one.isEmpty()) return Optional.of(one.getFirst());
    if (number == 1 && isBuiltIn(kind, name) && !stored(tenant, kind, name))
      return Optional.of(builtInVersion(tenant, name));
    return Optional.empty();
  }

  /** Where each label of {@code name} points, by label name ({@code latest} not included). */
  public synchronized Map<String, Label> labels(String tenant, Kind kind, String name) {
    check(tenant, kind, name);
    ensureOpen();
    Map<String, Label> out = tables.labels(tenant, kind, name);
    if (out.isEmpty() && isBuiltIn(kind, name) && !stored(tenant, kind, name))
      out.put(PRODUCTION, new Label(PRODUCTION, 1, Optional.empty(), Instant.EPOCH));
    return out;
  }

  /**
   * Points {@code label} of {@code name} at {@code version}, with an optional split to another
   * version; a move to where the label already points changes nothing.
   *
   * @throws GroundedException {@code not_found} for a missing entry or version
   */
  public synchronized Label label(
      String tenant, Kind kind, String name, String label, int version, Optional<Split> split) {
    check(tenant, kind, name);
    checkLabel(label);
    Objects.requireNonNull(split, "split");
    ensureOpen();
    return tables.write(
        () -> {
          materialize(tenant, kind, name);
          int max = tables.maxVersion(tenant, kind, name);
          if (max == 0) throw GroundedException.notFound("no " + kind.id() + " '" + name + "'");
          List<Integer> wanted = new ArrayList<>(List.of(version));
          split.ifPresent(s -> wanted.add(s.version()));
          for (int v : wanted)
            if (v < 1 || v > max)
              throw GroundedException.notFound(
                  kind.id() + " '" + name + "' has no version " + v + " (1 to " + max + ")");
          return move(tenant, kind, name, new Label(label, version, split, now()));
        });
  }

  /**
   * Moves {@code label} back to where it pointed before its last move (its previous version, or its
   * state before a split was added). A model alias label with no earlier state is removed: the
   * alias configured in {@code grounded.yaml} applies again.
   *
   * @return the label's state now; empty when it was removed
   * @throws GroundedException {@code not_found} when the label does not exist, {@code conflict}
   *     when a prompt label has no earlier state
   */
  public synchronized Optional<Label> rollback(
      String tenant, Kind kind, String name, String label) {
    check(tenant, kind, name);
    checkLabel(label);
    ensureOpen();
    return tables.write(
        () -> {
          materialize(tenant, kind, name);
          List<Long> moves = tables.activeMoves(tenant, kind, name, label, 2);
          if (moves.isEmpty())
            throw GroundedException.notFound(
                kind.id() + " '" + name + "' has no label '" + label + "'");
          if (moves.size() == 1 && kind == Kind.PROMPT)
            throw new GroundedException(
                ErrorCode.CONFLICT,
                "label '"
                    + label
                    + "' of prompt '"
                    + name
                    + "' has no earlier version to go back to",
                "label",
                null);
          tables.markRolledBack(moves.getFirst());
          return Optional.ofNullable(tables.labels(tenant, kind, name).get(label));
        });
  }

  /**
   * The version a request gets: {@code version} when given; else the one {@code label} points at
   * ({@code latest}: the newest), or {@code production} when {@code label} is empty; with a split,
   * the version the {@code subject}'s bucket falls in ({@link Rollout}).
   *
   * @return empty when the tenant has no entry {@code name} (for a model alias, also when the
   *     default label {@code production} is not set: the configured alias applies)
   * @throws GroundedException {@code not_found} for a version or label the entry lacks
   */
  public synchronized Optional<Resolved> resolve(
      String tenant,
      Kind kind,
      String name,
      Optional<Integer> version,
      String label,
      String subject) {
    check(tenant, kind, name);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(subject, "subject");
    ensureOpen();
    if (latest(tenant, kind, name) == 0) return Optional.empty();
    if (version.isPresent()) {
      int n = version.get();
      Version v =
          version(tenant, kind, name, n)
              .orElseThrow(
                  () ->
                      GroundedException.notFound(
                          kind.id() + " '" + name + "' has no version " + n));
      return Optional.of(new Resolved(v, "", false));
    }
    String l = label.isEmpty() ? PRODUCTION : label;
    if (l.equals(LATEST))
      return Optional.of(
          new Resolved(
              version(tenant, kind, name, latest(tenant, kind, name)).orElseThrow(),
              LATEST,
              false));
    Label target = labels(tenant, kind, name).get(l);
    if (target == null) {
      if (label.isEmpty()) return Optional.empty();
      throw GroundedException.notFound(kind.id() + " '" + name + "' has no label '" + l + "'");
    }
    boolean inSplit =
        target.split().isPresent()
            && Rollout.inSplit(tenant, subject, name, target.split().get().percent());
    int n = inSplit ? target.split().get().version() : target.version();
    return Optional.of(new Resolved(version(tenant, kind, name, n).orElseThrow(), l, inSplit));
  }

  // ---- internals

  private boolean isBuiltIn(Kind kind, String name) {
    return kind == Kind.PROMPT && builtIns.containsKey(name);
  }

  /** A built-in prompt's version 1 and its label, stored before the tenant's first change. */
  private void materialize(String tenant, Kind kind, String name) {
    if (!isBuiltIn(kind, name) || stored(tenant, kind, name)) return;
    Version v = new Version(tenant, kind, name, 1, builtIns.get(name).body(), "built-in", now());
    tables.insertVersion(v);
    move(tenant, kind, name, new Label(PRODUCTION, 1, Optional.empty(), v.createdAt()));
  }

  private Version builtInVersion(String tenant, String name) {
    return new Version(
        tenant, Kind.PROMPT, name, 1, builtIns.get(name).body(), "built-in", Instant.EPOCH);
  }

  /** The newest version's number (1 for a built-in not yet stored), 0 when there is none. */
  private int latest(String tenant, Kind kind, String name) {
    int max = tables.maxVersion(tenant, kind, name);
    return max == 0 && isBuiltIn(kind, name) ? 1 : max;
  }

  private boolean stored(String tenant, Kind kind, String name) {
    return tables.maxVersion(tenant, kind, name) > 0;
  }

  /** Appends {@code to} to the label's history unless the label already points there. */
  private Label move(String tenant, Kind kind, String name, Label to) {
    Label current = tables.labels(tenant, kind, name).get(to.name());
    if (current != null && current.sameTarget(to)) return current;
    tables.insertLabel(tenant, kind, name, to);
    return to;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static void check(String tenant, Kind kind, String name) {
    Tenants.check(tenant);
    Objects.requireNonNull(kind, "kind");
    checkName(name);
  }

  /** Whether {@code name} may name an entry. */
  public static boolean isName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Returns {@code name} if it is a valid entry name, else throws {@code invalid_request}. */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!isName(name))
      throw GroundedException.invalid(
          "name",
          "invalid name '"
              + name
              + "': use 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit");
    return name;
  }

  /**
   * Returns {@code label} if it may be set ({@code latest} may not), else {@code invalid_request}.
   */
  public static String checkLabel(String label) {
    Objects.requireNonNull(label, "label");
    if (!LABEL.matcher(label).matches())
      throw GroundedException.invalid(
          "label",
          "invalid label '"
              + label
              + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    if (label.equals(LATEST))
      throw GroundedException.invalid(
          "label", "'latest' always means the newest version; it cannot be set");
    return label;
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the registry is closed; open it again");
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    tables.close();
  }
}
