package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's jobs (ingest and evaluation) in the data directory's SQLite file ({@code
 * grounded.db}, table {@code ingest_jobs}, named for its first kind): one row per job with its
 * kind, tenant, status, owning server process (pid), a cancel-requested flag, its last view (the
 * JSON that {@code GET /api/jobs/{id}} answers), the input it can be resumed from and, for an
 * evaluation, its report. The server writes a row when a job is accepted, starts, progresses and
 * ends; {@code grounded jobs} reads the rows and sets the flag, which the owning server polls.
 * Keeps the newest {@value #RETAINED} finished jobs.
 *
 * <p>An active job whose owner is gone (killed, crashed, or stopped and {@link #release released}
 * it) is an <em>orphan</em>: a server starting on the data directory {@link #claim claims} it and
 * resumes it from its input, or {@link #lose reports it lost}. A job without an input (recorded by
 * an older server) is reported lost.
 *
 * <p>Thread-safe: every method is synchronized on the one connection.
 */
public final class JobStore implements AutoCloseable {
  static final int RETAINED = 1000;

  /** The error code of a job whose server stopped before it finished. */
  public static final String LOST = "job_lost";

  static final String LOST_MESSAGE =
      "the server stopped before this job finished: documents it committed are kept whole, the"
          + " others were not ingested; submit it again";

  static final String EVAL_LOST_MESSAGE =
      "the server stopped before this evaluation finished and it could not be resumed; submit it"
          + " again";

  /** The message of a lost job of {@code kind}. */
  static String lostMessage(String kind) {
    return kind.equals(INGEST) ? LOST_MESSAGE : EVAL_LOST_MESSAGE;
  }

  public static final String INGEST = "ingest";
  public static final String EVAL = "eval";

  /** A job as stored. {@code view} is the job's JSON as the API shows it. */
  public record Row(
      String id,
      String kind,
      String tenant,
      String collection,
      String status,
      long createdAt,
      long ownerPid,
      boolean cancelRequested,
      String view) {
    public Row {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(view, "view");
    }

    /** An ingest job's row. */
    public Row(
        String id,
        String tenant,
        String collection,
        String status,
        long createdAt,
        long ownerPid,
        boolean cancelRequested,
        String view) {
      this(id, INGEST, tenant, collection, status, createdAt, ownerPid, cancelRequested, view);
    }

    /** Queued or running: not finished. */
    public boolean active() {
      return status.equals("queued") || status.equals("running");
    }

    /** Whether the server process that owns the job is still alive. */
    public boolean ownerAlive() {
      return ownerPid > 0 && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Active while its server is gone: a starting server resumes it or reports it lost. */
    public boolean interrupted() {
      return active() && !ownerAlive();
    }
  }

  private final Connection db;

  private JobStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the table in {@code dbFile}, usually {@code <data>/grounded.db}. */
  public static JobStore open(Path dbFile) {
    Connection c = null;
    try {
      c = dev.grounded.core.Sqlite.open(dbFile);
      try (Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS ingest_jobs (
              id TEXT PRIMARY KEY, tenant TEXT NOT NULL, collection TEXT NOT NULL,
              status TEXT NOT NULL, created_at INTEGER NOT NULL, owner_pid INTEGER NOT NULL,
              cancel_requested INTEGER NOT NULL DEFAULT 0, view TEXT NOT NULL)""");
        s.execute(
            "CREATE INDEX IF NOT EXISTS ingest_jobs_by_tenant ON ingest_jobs(tenant, created_at)");
        addColumn(c, s, "kind", "TEXT NOT NULL DEFAULT 'ingest'");
        addColumn(c, s, "input", "TEXT");
        addColumn(c, s, "result", "TEXT");
      }
      return new JobStore(c);
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

  /** Adds a column a table made by an earlier version lacks. */
  private static void addColumn(Connection c, Statement s, String name, String type)
      throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("PRAGMA table_info(ingest_jobs)")) {
      while (rs.next()) if (rs.getString("name").equals(name)) return;
    }
    s.execute("ALTER TABLE ingest_jobs ADD COLUMN " + name + " " + type);
  }

  /**
   * Writes a job's row (its status and view), keeping a cancel request already made and its input.
   */
  public synchronized void save(Row row) {
    upsert(row, null);
  }

  /**
   * Writes a job's row with the input it can be resumed from (JSON), as when it is accepted or
   * resumed.
   */
  public synchronized void save(Row row, String input) {
    upsert(row, Objects.requireNonNull(input, "input"));
  }

  private void upsert(Row row, String input) {
    try (PreparedStatement ps =
        db.prepareStatement(
            """
            INSERT INTO ingest_jobs(id, kind, tenant, collection, status, created_at, owner_pid,
              cancel_requested, view, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, view = excluded.view,
              cancel_requested = max(cancel_requested, excluded.cancel_requested),
              input = coalesce(excluded.input, input)""")) {
      ps.setString(1, row.id());
      ps.setString(2, row.kind());
      ps.setString(3, row.tenant());
      ps.setString(4, row.collection());
      ps.setString(5, row.status());
      ps.setLong(6, row.createdAt());
      ps.setLong(7, row.ownerPid());
      ps.setInt(8, row.cancelRequested() ? 1 : 0);
      ps.setString(9, row.view());
      ps.setString(10, input);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** The input a job can be resumed from, if it was recorded with one. */
  public synchronized Optional<String> input(String id) {
    return text("input", id);
  }

  /** An evaluation job's report (JSON), once it succeeded. */
  public synchronized Optional<String> result(String id) {
    return text("result", id);
  }

  /** Stores a job's result (an evaluation's report), before its final row is saved. */
  public synchronized void saveResult(String id, String result) {
    try (PreparedStatement ps =
        db.prepareStatement("UPDATE ingest_jobs SET result = ? WHERE id = ?")) {
      ps.setString(1, result);
      ps.setString(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private Optional<String> text(String column, String id) {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT " + column + " FROM ingest_jobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** Active jobs whose server is gone, oldest first. */
  public synchronized List<Row> orphans() {
    List<Row> out = new ArrayList<>();
    for (Row r : select("WHERE status IN ('queued', 'running') ORDER BY created_at, id"))
      if (!r.ownerAlive()) out.add(r);
    return out;
  }

  /**
   * Makes {@code pid} the owner of an orphan still owned by {@code from}; false when another server
   * claimed it first.
   */
  public synchronized boolean claim(String id, long from, long pid) {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE ingest_jobs SET owner_pid = ? WHERE id = ? AND owner_pid = ? AND status IN"
                + " ('queued', 'running')")) {
      ps.setLong(1, pid);
      ps.setString(2, id);
      ps.setLong(3, from);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** Drops finished jobs beyond the newest {@value #RETAINED}. */
  public synchronized void trim() {
    try (PreparedStatement ps =
        db.prepareStatement(
            """
            DELETE FROM ingest_jobs WHERE status NOT IN ('queued', 'running') AND id NOT IN
              (SELECT id FROM ingest_jobs ORDER BY created_at DESC, id LIMIT ?)""")) {
      ps.setInt(1, RETAINED);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  public synchronized Optional<Row> get(String id) {
    List<Row> rows = select("WHERE id = ?", id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  /** A tenant's jobs, newest first; every tenant's when {@code tenant} is null. */
  public synchronized List<Row> list(String tenant) {
    return tenant == null
        ? select("ORDER BY created_at DESC, id LIMIT " + RETAINED)
        : select("WHERE tenant = ? ORDER BY created_at DESC, id LIMIT " + RETAINED, tenant);
  }

  /** Asks the owning server to cancel an active job; false when it is not active (or absent). */
  public synchronized boolean requestCancel(String id) {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE ingest_jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued',"
                + " 'running')")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  public synchronized boolean cancelRequested(String id) {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT cancel_requested FROM ingest_jobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) != 0;
      }
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /**
   * Reports the orphans that cannot be resumed (recorded without an input) as failed with error
   * {@code job_lost}: they will never finish. Orphans with an input wait for a server to resume
   * them. Returns how many were reported.
   */
  public synchronized int markLost() {
    int n = 0;
    for (Row r : orphans()) {
      if (input(r.id()).isPresent()) continue;
      lose(r, lostMessage(r.kind()));
      n++;
    }
    return n;
  }

  /**
   * Leaves an active job to the next server that starts on the data directory (its owner becomes
   * none), with the input to resume it from.
   */
  public synchronized void release(String id, String input) {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE ingest_jobs SET owner_pid = 0, input = ? WHERE id = ? AND status IN ('queued',"
                + " 'running')")) {
      ps.setString(1, input);
      ps.setString(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  /** Reports a job as failed with error {@code job_lost} and {@code message}. */
  public synchronized void lose(Row r, String message) {
    end(r, "failed", LOST, message);
  }

  /** Reports an orphan whose cancel was requested while its server was gone as cancelled. */
  public synchronized void cancelled(Row r) {
    end(r, "cancelled", null, null);
  }

  private void end(Row r, String status, String code, String message) {
    com.fasterxml.jackson.databind.node.ObjectNode view;
    try {
      view = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(r.view());
    } catch (java.io.IOException | ClassCastException e) {
      view = Json.object();
    }
    view.put("status", status);
    view.put("finished_at", System.currentTimeMillis() / 1000);
    if (code == null) view.putNull("error");
    else view.putObject("error").put("code", code).put("message", message);
    save(
        new Row(
            r.id(),
            r.kind(),
            r.tenant(),
            r.collection(),
            status,
            r.createdAt(),
            r.ownerPid(),
            r.cancelRequested(),
            view.toString()));
  }

  private List<Row> select(String tail, String... args) {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT id, kind, tenant, collection, status, created_at, owner_pid,"
                + " cancel_requested, view FROM ingest_jobs "
                + tail)) {
      for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getInt(8) != 0,
                  rs.getString(9)));
      }
      return out;
    } catch (SQLException e) {
      throw storage(e);
    }
  }

  private static GroundedException storage(SQLException e) {
    return new GroundedException(ErrorCode.STORAGE_ERROR, "jobs: " + e.getMessage(), null, e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw storage(e);
    }
  }
}
