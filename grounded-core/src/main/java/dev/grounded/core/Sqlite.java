package dev.grounded.core;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens the data directory's SQLite database ({@code grounded.db}) the one way every store does:
 * the folder and the file created owner-only ({@link PrivateFiles}), write-ahead logging (readers
 * never block the writer) and a 10 s busy timeout (writers of other processes are waited for).
 * Needs an SQLite JDBC driver on the class path; the stores that call it bring one.
 */
public final class Sqlite {
  private Sqlite() {}

  /**
   * @param pragmas further settings run after the common ones, e.g. {@code "synchronous=FULL"}
   */
  public static Connection open(Path file, String... pragmas) throws IOException, SQLException {
    PrivateFiles.directory(file.toAbsolutePath().getParent());
    PrivateFiles.file(file);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      for (String pragma : pragmas) s.execute("PRAGMA " + pragma);
      s.execute("PRAGMA busy_timeout=10000");
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Opens {@code file} as {@link #open} does and runs {@code schema} ({@code CREATE … IF NOT
   * EXISTS} statements, in order): what every store does to open its tables. A failure closes the
   * connection and is a {@code storage_error} naming the file.
   */
  public static Connection openStore(Path file, List<String> schema, String... pragmas) {
    Connection c = null;
    try {
      c = open(file, pragmas);
      try (Statement s = c.createStatement()) {
        for (String sql : schema) s.execute(sql);
      }
      return c;
    } catch (IOException | SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the original failure matters more
        }
      }
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "cannot open " + file + ": " + e.getMessage(), "data", e);
    }
  }
}
