package dev.grounded.server;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the server listens and what it accepts.
 *
 * @param host the address to bind; a non-loopback address needs at least one API key
 * @param port the port, 0 for any free port
 * @param maxUploadBytes the largest accepted request body (uploads included); larger ones get 413
 * @param ingestRoots folders that {@code POST .../documents} may read by server-side path; empty
 *     disables server-side paths
 * @param shutdownTimeout how long a stop waits for requests in flight
 * @param accessLog where one JSON line per request goes
 * @param errorLog where unexpected failures (with stack traces) go
 * @param limits body sizes, bytes in flight, body timeout and the embeddings token cap
 * @param maxQueuedJobsPerTenant ingest jobs one tenant may have queued or running; more get 429
 *     (setting {@code server.max_queued_jobs_per_tenant})
 * @param maxQueuedUploadBytesPerTenant bytes of uploads one tenant's queued or running jobs may
 *     hold; more get 429 (setting {@code server.max_queued_upload_mb_per_tenant})
 */
public record ServerConfig(
    String host,
    int port,
    long maxUploadBytes,
    List<Path> ingestRoots,
    Duration shutdownTimeout,
    PrintStream accessLog,
    PrintStream errorLog,
    RequestLimits limits,
    int maxQueuedJobsPerTenant,
    long maxQueuedUploadBytesPerTenant) {
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;
  public static final int DEFAULT_MAX_QUEUED_JOBS_PER_TENANT = 16;
  public static final long DEFAULT_MAX_QUEUED_UPLOAD_BYTES_PER_TENANT = 256L * 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (maxUploadBytes < 1) throw new IllegalArgumentException("maxUploadBytes must be >= 1");
    ingestRoots = ingestRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(errorLog, "errorLog");
    Objects.requireNonNull(limits, "limits");
    if (maxQueuedJobsPerTenant < 1)
      throw new IllegalArgumentException("maxQueuedJobsPerTenant must be >= 1");
    if (maxQueuedUploadBytesPerTenant < 1)
      throw new IllegalArgumentException("maxQueuedUploadBytesPerTenant must be >= 1");
  }

  /** A configuration with the default {@link RequestLimits} and job limits. */
  public ServerConfig(
      String host,
      int port,
      long maxUploadBytes,
      List<Path> ingestRoots,
      Duration shutdownTimeout,
      PrintStream accessLog,
      PrintStream errorLog) {
    this(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        DEFAULT_MAX_QUEUED_JOBS_PER_TENANT,
        DEFAULT_MAX_QUEUED_UPLOAD_BYTES_PER_TENANT);
  }

  /** A configuration with the default {@link RequestLimits}. */
  public ServerConfig(
      String host,
      int port,
      long maxUploadBytes,
      List<Path> ingestRoots,
      Duration shutdownTimeout,
      PrintStream accessLog,
      PrintStream errorLog,
      int maxQueuedJobsPerTenant,
      long maxQueuedUploadBytesPerTenant) {
    this(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        RequestLimits.DEFAULTS,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  /**
   * Loopback on a free port, default limits, logs to stdout and stderr: for tests and embedding.
   */
  public static ServerConfig loopback() {
    return new ServerConfig(
        "127.0.0.1",
        0,
        DEFAULT_MAX_UPLOAD_BYTES,
        List.of(),
        Duration.ofSeconds(10),
        System.out,
        System.err);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        host,
        newPort,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        limits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  public ServerConfig withMaxUploadBytes(long bytes) {
    return new ServerConfig(
        host,
        port,
        bytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        limits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  public ServerConfig withIngestRoots(List<Path> roots) {
    return new ServerConfig(
        host,
        port,
        maxUploadBytes,
        roots,
        shutdownTimeout,
        accessLog,
        errorLog,
        limits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  public ServerConfig withShutdownTimeout(Duration timeout) {
    return new ServerConfig(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        timeout,
        accessLog,
        errorLog,
        limits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  public ServerConfig withLogs(PrintStream access, PrintStream errors) {
    return new ServerConfig(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        access,
        errors,
        limits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  public ServerConfig withLimits(RequestLimits newLimits) {
    return new ServerConfig(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        newLimits,
        maxQueuedJobsPerTenant,
        maxQueuedUploadBytesPerTenant);
  }

  /** The same with other per-tenant job limits. */
  public ServerConfig withJobLimits(int jobs, long uploadBytes) {
    return new ServerConfig(
        host,
        port,
        maxUploadBytes,
        ingestRoots,
        shutdownTimeout,
        accessLog,
        errorLog,
        limits,
        jobs,
        uploadBytes);
  }

  /** Whether {@link #host} names only this machine (127.0.0.0/8, ::1, localhost). */
  public boolean loopbackOnly() {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) if (!a.isLoopbackAddress()) return false;
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
