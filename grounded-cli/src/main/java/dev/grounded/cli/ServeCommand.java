package dev.grounded.cli;

import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.server.GroundedServer;
import dev.grounded.server.ServerConfig;
import dev.grounded.server.Services;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded serve}: the HTTP service, until SIGINT/SIGTERM, which drains requests in flight.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the OpenAI-compatible API (/v1) and the knowledge API (/api) over HTTP.")
final class ServeCommand implements Callable<Integer> {
  static final String EMBEDDING_MODEL = "bge-small-en-v1.5";

  @Mixin DataOption data;

  @Option(
      names = "--reranker",
      paramLabel = "DIR",
      description =
          "Rerank hybrid hits of searches and answers with the cross-encoder in DIR (see 'grounded"
              + " search --help') (default: env GROUNDED_RERANKER; none).")
  Path rerankerDir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback needs an API key.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--max-upload-mb",
      defaultValue = "50",
      description = "Largest accepted upload in MiB (default: ${DEFAULT-VALUE}).")
  long maxUploadMb;

  @Option(
      names = "--ingest-root",
      paramLabel = "DIR",
      description = "A folder clients may ingest by server-side path (repeatable; default: none).")
  List<Path> ingestRoots = new ArrayList<>();

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Where the JSON access log goes ('-' = stdout).")
  String accessLog;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description =
          "How long a stop waits for requests in flight, then for running ingest jobs (default: ${DEFAULT-VALUE}).")
  int shutdownSeconds;

  @Option(
      names = "--max-queued-jobs",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "Ingest jobs one tenant may have queued or running; more get 429 (default: ${DEFAULT-VALUE}).")
  int maxQueuedJobs;

  @Option(
      names = "--max-queued-upload-mb",
      paramLabel = "MIB",
      defaultValue = "256",
      description =
          "MiB of uploads one tenant's queued or running jobs may hold; more get 429 (default: ${DEFAULT-VALUE}).")
  long maxQueuedUploadMb;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      description =
          "How long an ingest or delete waits for a collection another process (a CLI ingest) is"
              + " writing, then fails with 409 (default: $GROUNDED_LOCK_WAIT or 30).")
  Integer lockWait;

  @Override
  public Integer call() throws Exception {
    if (maxQueuedJobs < 1)
      throw dev.grounded.core.GroundedException.invalid(
          "--max-queued-jobs", "--max-queued-jobs must be >= 1");
    if (maxQueuedUploadMb < 1)
      throw dev.grounded.core.GroundedException.invalid(
          "--max-queued-upload-mb", "--max-queued-upload-mb must be >= 1");
    if (maxUploadMb < 1)
      throw dev.grounded.core.GroundedException.invalid(
          "--max-upload-mb", "--max-upload-mb must be >= 1");
    RerankOptions rerank = new RerankOptions();
    rerank.dir = rerankerDir;
    Path reranker = rerank.directory();
    PrintStream log = accessLog.equals("-") ? System.out : open(accessLog);
    App app = new App(data.dataDir(), App.lockWait(lockWait));
    ApiKeys keys = ApiKeys.open(data.database());
    ServerConfig config =
        new ServerConfig(
            host,
            port,
            maxUploadMb * 1024 * 1024,
            ingestRoots,
            Duration.ofSeconds(shutdownSeconds),
            log,
            System.err,
            maxQueuedJobs,
            maxQueuedUploadMb * 1024 * 1024);
    GroundedServer server;
    try {
      Services services =
          new Services(
              app.kb(),
              app.concurrentEmbedder(),
              EMBEDDING_MODEL,
              app.tokens(),
              app.parser(),
              retriever -> app.asker(retriever, new GeneratorOptions()),
              keys,
              app.executor(),
              reranker == null ? null : app.concurrentReranker(reranker));
      server = new GroundedServer(config, services).start();
    } catch (RuntimeException e) {
      keys.close();
      app.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  keys.close();
                  app.close();
                  stopped.countDown();
                }));
    System.err.printf(
        "grounded: serving on http://%s:%d  (docs: /docs, OpenAPI: /openapi.json)%n",
        host.contains(":") ? "[" + host + "]" : host, server.port());
    stopped.await();
    return 0;
  }

  private static PrintStream open(String file) {
    try {
      return new PrintStream(new FileOutputStream(file, true), true, "UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open access log " + file, e);
    }
  }
}
