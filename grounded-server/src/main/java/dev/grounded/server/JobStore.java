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
 * Ingest jobs in the data directory's SQLite file ({@code grounded.db}, table {@code ingest_jobs}):
 * one row per job with its tenant, status, owning server process (pid), a cancel-requested flag and
 * its last view (the JSON that {@code GET /api/jobs/{id}} answers). The server writes a row when a
 * job is accepted, starts, commits and ends; {@code grounded jobs} reads the rows and sets the
 * flag, which the owning server polls. Keeps the newest {@value #RETAINED} finished jobs.
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

  /** A job as stored. {@code view} is the job's JSON as the API shows it. */
  public record Row(
      String id,
      String tenant,
      String collection,
      String status,
      long createdAt,
      long ownerPid,
      boolean cancelRequested,
      String view) {
    public Row {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(view, "view");
    }

    /** Queued or running: not finished. */
    public boolean active() {
      return status.equals("queued") || status.equals("running");
    }

    /** Whether the server process that owns the job is still alive. */
    public boolean ownerAlive() {
      return ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
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

  /**
   * Writes a job's row (its status and view), keeping a cancel request already made. A new row
   * beyond {@value #RETAINED} drops the oldest finished ones.
   */
  public synchronized void save(Row row) {
    try (PreparedStatement ps =
        db.prepareStatement(
            """
            INSERT INTO ingest_jobs(id, tenant, collection, status, created_at, owner_pid,
              cancel_requested, view) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, view = excluded.view,
              cancel_requested = max(cancel_requested, excluded.cancel_requested)""")) {
      ps.setString(1, row.id());
      ps.setString(2, row.tenant());
      ps.setString(3, row.collection());
      ps.setString(4, row.status());
      ps.setLong(5, row.createdAt());
      ps.setLong(6, row.ownerPid());
      ps.setInt(7, row.cancelRequested() ? 1 : 0);
      ps.setString(8, row.view());
      ps.executeUpdate();
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
   * Reports active jobs whose server process is gone (killed, crashed) as failed with error {@code
   * job_lost}: they will never finish. Returns how many.
   */
  public synchronized int markLost() {
    int n = 0;
    for (Row r : select("WHERE status IN ('queued', 'running')")) {
      if (r.ownerAlive()) continue;
      com.fasterxml.jackson.databind.node.ObjectNode view;
      try {
        view = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(r.view());
      } catch (java.io.IOException | ClassCastException e) {
        view = Json.object();
      }
      view.put("status", "failed");
      view.put("finished_at", System.currentTimeMillis() / 1000);
      com.fasterxml.jackson.databind.node.ObjectNode error = view.putObject("error");
      error.put("code", LOST);
      error.put("message", LOST_MESSAGE);
      save(
          new Row(
              r.id(),
              r.tenant(),
              r.collection(),
              "failed",
              r.createdAt(),
              r.ownerPid(),
              r.cancelRequested(),
              view.toString()));
      n++;
    }
    return n;
  }

  private List<Row> select(String tail, String... args) {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT id, tenant, collection, status, created_at, owner_pid, cancel_requested, view"
                + " FROM ingest_jobs "
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
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getInt(7) != 0,
                  rs.getString(8)));
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
