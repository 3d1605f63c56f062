package dev.grounded.gateway.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Tenants;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection db;
  private final Clock clock;
  private final Map<String, BuiltInPrompt> builtIns;
  private boolean closed;

  private Registry(Connection db, Clock clock, Map<String, BuiltInPrompt> builtIns) {
    this.db = db;
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
    Connection c = null;
    try {
      c = dev.grounded.core.Sqlite.open(dbFile, "synchronous=FULL");
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS registry_versions (
              tenant TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
              version INTEGER NOT NULL, body TEXT NOT NULL, note TEXT NOT NULL,
              created_at INTEGER NOT NULL, PRIMARY KEY (tenant, kind, name, version))""");
        s.execute(
            """
            CREATE TRIGGER IF NOT EXISTS registry_versions_immutable
            BEFORE UPDATE ON registry_versions
            BEGIN SELECT RAISE(ABORT, 'registry versions are immutable'); END""");
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS registry_labels (
              id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, kind TEXT NOT NULL,
              name TEXT NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL,
              split_version INTEGER, split_percent INTEGER NOT NULL DEFAULT 0,
              at INTEGER NOT NULL, rolled_back INTEGER NOT NULL DEFAULT 0)""");
        s.execute(
            "CREATE INDEX IF NOT EXISTS registry_labels_entry"
                + " ON registry_labels(tenant, kind, name, label, id)");
      }
      return new Registry(c, clock, Map.copyOf(byName));
    } catch (Exception e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the original failure matters more
        }
      }
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot open " + dbFile + ": " + e.getMessage(), "data", e);
    }
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
    if (kind == Kind.PROMPT && builtIns.containsKey(name)) builtIns.get(name).check(body);
    return write(
        () -> {
          materialize(tenant, kind, name);
          int next = maxVersion(tenant, kind, name) + 1;
          Instant now = now();
          update(
              "INSERT INTO registry_versions(tenant, kind, name, version, body, note, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)",
              tenant,
              kind.id(),
              name,
              next,
              body.toString(),
              note,
              now.toEpochMilli());
          List<String> all = new ArrayList<>(labels);
          if (next == 1 && kind == Kind.PROMPT && !all.contains(PRODUCTION)) all.add(PRODUCTION);
          for (String l : new TreeSet<>(all)) move(tenant, kind, name, l, next, Optional.empty());
          return new Version(tenant, kind, name, next, body, note, now);
        });
  }

  /** The names of the tenant's entries of {@code kind} (built-in prompts included), sorted. */
  public synchronized List<String> names(String tenant, Kind kind) {
    Tenants.check(tenant);
    Objects.requireNonNull(kind, "kind");
    ensureOpen();
    TreeSet<String> names = new TreeSet<>();
    if (kind == Kind.PROMPT) names.addAll(builtIns.keySet());
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT DISTINCT name FROM registry_versions WHERE tenant = ? AND kind = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, kind.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw storage(e);
    }
    return List.copyOf(names);
  }

  /** Every version of {@code name}, oldest first; empty when the tenant has no such entry. */
  public synchronized List<Version> versions(String tenant, Kind kind, String name) {
    check(tenant, kind, name);
    ensureOpen();
    List<Version> stored = selectVersions(tenant, kind, name, 0);
    if (stored.isEmpty() && kind == Kind.PROMPT && builtIns.containsKey(name))
      return List.of(builtInVersion(tenant, name));
    return stored;
  }

  /** Version {@code number} of {@code name}, if it exists. */
  public synchronized Optional<Version> version(String tenant, Kind kind, String name, int number) {
    check(tenant, kind, name);
    ensureOpen();
    List<Version> one = selectVersions(tenant, kind, name, number);
    if (!one.isEmpty()) return Optional.of(one.getFirst());
    if (number == 1
        && kind == Kind.PROMPT
        && builtIns.containsKey(name)
        && !stored(tenant, kind, name)) return Optional.of(builtInVersion(tenant, name));
    return Optional.empty();
  }

  /** Where each label of {@code name} points, by label name ({@code latest} not included). */
  public synchronized Map<String, Label> labels(String tenant, Kind kind, String name) {
    check(tenant, kind, name);
    ensureOpen();
    Map<String, Label> out = new java.util.TreeMap<>();
    String sql =
        "SELECT label, version, split_version, split_percent, at FROM registry_labels l"
            + " WHERE tenant = ? AND kind = ? AND name = ? AND rolled_back = 0 AND id ="
            + " (SELECT MAX(id) FROM registry_labels m WHERE m.tenant = l.tenant AND m.kind ="
            + " l.kind AND m.name = l.name AND m.label = l.label AND m.rolled_back = 0)";
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, tenant, kind.id(), name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), label(rs));
      }
    } catch (SQLException e) {
      throw storage(e);
    }
    if (out.isEmpty()
        && kind == Kind.PROMPT
        && builtIns.containsKey(name)
        && !stored(tenant, kind, name))
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
    return write(
        () -> {
          materialize(tenant, kind, name);
          int max = maxVersion(tenant, kind, name);
          if (max == 0) throw missing(kind, name);
          for (int v :
              split.isPresent() ? List.of(version, split.get().version()) : List.of(version))
            if (v < 1 || v > max)
              throw GroundedException.notFound(
                  kind.id()
                      + " '"
                      + name
                      + "' has no version "
                      + v
                      + " (versions 1 to "
                      + max
                      + ")");
          return move(tenant, kind, name, label, version, split);
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
    return write(
        () -> {
          materialize(tenant, kind, name);
          List<Long> active = new ArrayList<>();
          try (PreparedStatement ps =
              db.prepareStatement(
                  "SELECT id FROM registry_labels WHERE tenant = ? AND kind = ? AND name = ?"
                      + " AND label = ? AND rolled_back = 0 ORDER BY id DESC LIMIT 2")) {
            bind(ps, tenant, kind.id(), name, label);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) active.add(rs.getLong(1));
            }
          }
          if (active.isEmpty())
            throw GroundedException.notFound(
                kind.id() + " '" + name + "' has no label '" + label + "'");
          if (active.size() == 1 && kind == Kind.PROMPT)
            throw new GroundedException(
                ErrorCode.CONFLICT,
                "label '"
                    + label
                    + "' of prompt '"
                    + name
                    + "' has no earlier version to go back to",
                "label",
                null);
          update("UPDATE registry_labels SET rolled_back = 1 WHERE id = ?", active.getFirst());
          return Optional.ofNullable(labels(tenant, kind, name).get(label));
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
    if (version.isPresent()) {
      int n = version.get();
      if (!stored(tenant, kind, name) && !(kind == Kind.PROMPT && builtIns.containsKey(name)))
        return Optional.empty();
      return Optional.of(
          new Resolved(
              version(tenant, kind, name, n)
                  .orElseThrow(
                      () ->
                          GroundedException.notFound(
                              kind.id() + " '" + name + "' has no version " + n)),
              "",
              false));
    }
    boolean asked = !label.isEmpty();
    String l = asked ? label : PRODUCTION;
    if (l.equals(LATEST)) {
      int max = latest(tenant, kind, name);
      return max == 0
          ? Optional.empty()
          : Optional.of(
              new Resolved(version(tenant, kind, name, max).orElseThrow(), LATEST, false));
    }
    Label target = labels(tenant, kind, name).get(l);
    if (target == null) {
      if (!asked || latest(tenant, kind, name) == 0) return Optional.empty();
      throw GroundedException.notFound(kind.id() + " '" + name + "' has no label '" + l + "'");
    }
    boolean inSplit =
        target.split().isPresent()
            && Rollout.inSplit(tenant, subject, name, target.split().get().percent());
    int n = inSplit ? target.split().get().version() : target.version();
    return Optional.of(new Resolved(version(tenant, kind, name, n).orElseThrow(), l, inSplit));
  }

  // ---- internals

  /**
   * A built-in prompt's version 1 and production label, stored before the tenant's first change.
   */
  private void materialize(String tenant, Kind kind, String name) throws SQLException {
    if (kind != Kind.PROMPT || !builtIns.containsKey(name) || stored(tenant, kind, name)) return;
    Instant now = now();
    update(
        "INSERT INTO registry_versions(tenant, kind, name, version, body, note, created_at)"
            + " VALUES (?, ?, ?, 1, ?, 'built-in', ?)",
        tenant,
        kind.id(),
        name,
        builtIns.get(name).body().toString(),
        now.toEpochMilli());
    move(tenant, kind, name, PRODUCTION, 1, Optional.empty());
  }

  private Version builtInVersion(String tenant, String name) {
    return new Version(
        tenant, Kind.PROMPT, name, 1, builtIns.get(name).body(), "built-in", Instant.EPOCH);
  }

  /** The newest version's number (1 for a built-in not yet stored), 0 when there is none. */
  private int latest(String tenant, Kind kind, String name) {
    try {
      int max = maxVersion(tenant, kind, name);
      return max == 0 && kind == Kind.PROMPT && builtIns.containsKey(name) ? 1 : max;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private boolean stored(String tenant, Kind kind, String name) {
    try {
      return maxVersion(tenant, kind, name) > 0;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private Label move(
      String tenant, Kind kind, String name, String label, int version, Optional<Split> split)
      throws SQLException {
    Label now = new Label(label, version, split, now());
    Label current = labels(tenant, kind, name).get(label);
    if (current != null && current.sameTarget(now)) return current;
    update(
        "INSERT INTO registry_labels(tenant, kind, name, label, version, split_version,"
            + " split_percent, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tenant,
        kind.id(),
        name,
        label,
        version,
        split.map(Split::version).orElse(null),
        split.map(Split::percent).orElse(0),
        now.at().toEpochMilli());
    return now;
  }

  private int maxVersion(String tenant, Kind kind, String name) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT COALESCE(MAX(version), 0) FROM registry_versions"
                + " WHERE tenant = ? AND kind = ? AND name = ?")) {
      bind(ps, tenant, kind.id(), name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Every version of the entry ({@code number} 0), or only version {@code number}. */
  private List<Version> selectVersions(String tenant, Kind kind, String name, int number) {
    String sql =
        "SELECT version, body, note, created_at FROM registry_versions"
            + " WHERE tenant = ? AND kind = ? AND name = ?"
            + (number > 0 ? " AND version = ?" : "")
            + " ORDER BY version";
    List<Version> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      if (number > 0) bind(ps, tenant, kind.id(), name, number);
      else bind(ps, tenant, kind.id(), name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new Version(
                  tenant,
                  kind,
                  name,
                  rs.getInt(1),
                  (ObjectNode) JSON.readTree(rs.getString(2)),
                  rs.getString(3),
                  Instant.ofEpochMilli(rs.getLong(4))));
      }
    } catch (SQLException e) {
      throw storage(e);
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "registry: a stored version is not JSON: " + e.getMessage());
    }
    return out;
  }

  private static Label label(ResultSet rs) throws SQLException {
    int splitVersion = rs.getInt(3);
    Optional<Split> split =
        rs.wasNull() ? Optional.empty() : Optional.of(new Split(splitVersion, rs.getInt(4)));
    return new Label(rs.getString(1), rs.getInt(2), split, Instant.ofEpochMilli(rs.getLong(5)));
  }

  /** A unit of work in one immediate transaction: other writers wait, readers never do. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T write(Work<T> work) {
    ensureOpen();
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T result = work.run();
        s.execute("COMMIT");
        committed = true;
        return result;
      } finally {
        if (!committed) s.execute("ROLLBACK");
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
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
    if (!NAME.matcher(name).matches())
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

  private static GroundedException missing(Kind kind, String name) {
    return GroundedException.notFound("no " + kind.id() + " '" + name + "'");
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the registry is closed; open it again");
  }

  private static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "registry: " + e.getMessage(), null, e);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
