package dev.grounded.cli;

import dev.grounded.audit.Audit;
import dev.grounded.audit.drift.DriftMonitor;
import dev.grounded.audit.metrics.Metrics;
import dev.grounded.audit.trace.Tracing;
import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.gateway.auth.ApiKeys;
import dev.grounded.gateway.cache.CacheInterceptor;
import dev.grounded.gateway.chain.GatewayListener;
import dev.grounded.gateway.ledger.CallObserver;
import dev.grounded.gateway.registry.RegisteredAliases;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.structured.StructuredOutput;
import dev.grounded.server.GroundedServer;
import dev.grounded.server.RequestLimits;
import dev.grounded.server.ServerConfig;
import dev.grounded.server.Services;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
      descriptionKey = "rerank.model",
      description =
          "Rerank hybrid hits of searches and answers with the cross-encoder in DIR (see 'grounded"
              + " search --help') (default: rerank.model, env GROUNDED_RERANKER; none).")
  Path rerankerDir;

  @Option(
      names = "--host",
      descriptionKey = "server.host",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback needs an API key.")
  String host;

  @Option(
      names = "--port",
      descriptionKey = "server.port",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--max-upload-mb",
      descriptionKey = "server.max_upload_mb",
      description = "Largest accepted upload in MiB (default: ${DEFAULT-VALUE}).")
  long maxUploadMb;

  @Option(
      names = "--max-json-mb",
      paramLabel = "MB",
      descriptionKey = "server.max_json_mb",
      description = "Largest accepted JSON request body in MiB (default: ${DEFAULT-VALUE}).")
  long maxJsonMb;

  @Option(
      names = "--max-inflight-request-mb",
      paramLabel = "MB",
      descriptionKey = "server.max_inflight_request_mb",
      description =
          "Request bytes all clients together may be sending at once, in MiB; more get 503 with"
              + " Retry-After (default: ${DEFAULT-VALUE}).")
  long maxInflightMb;

  @Option(
      names = "--body-timeout",
      paramLabel = "DURATION",
      descriptionKey = "server.body_timeout",
      converter = SettingConverter.BodyTimeout.class,
      description =
          "How long a client may send nothing while its request is expected; then 408 and the"
              + " connection closes: seconds, or with a unit (default: ${DEFAULT-VALUE}).")
  Duration bodyTimeout;

  @Option(
      names = "--max-embedding-tokens",
      paramLabel = "N",
      descriptionKey = "server.max_embedding_tokens_per_request",
      description = "Most tokens one POST /v1/embeddings may embed (default: ${DEFAULT-VALUE}).")
  int maxEmbeddingTokens;

  @Option(
      names = "--ingest-root",
      paramLabel = "DIR",
      description =
          "A folder clients may ingest by server-side path (repeatable; default:"
              + " server.ingest_roots; none).")
  List<Path> ingestRoots = new ArrayList<>();

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      descriptionKey = "server.access_log",
      description = "Where the JSON access log goes ('-' = stdout) (default: ${DEFAULT-VALUE}).")
  String accessLog;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      descriptionKey = "server.shutdown_timeout",
      converter = SettingConverter.ShutdownTimeout.class,
      description =
          "How long a stop waits for requests in flight, then for running jobs: seconds,"
              + " or with a unit (500ms, 20s, 2m) (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  private RequestLimits limits() {
    if (maxJsonMb < 1) throw Usage.error("max-json-mb", "--max-json-mb must be >= 1");
    if (maxInflightMb < 1)
      throw Usage.error("max-inflight-request-mb", "--max-inflight-request-mb must be >= 1");
    if (bodyTimeout.toSeconds() < 1)
      throw Usage.error("body-timeout", "--body-timeout must be >= 1 second");
    if (maxEmbeddingTokens < 1)
      throw Usage.error("max-embedding-tokens", "--max-embedding-tokens must be >= 1");
    return new RequestLimits(
        maxJsonMb * RequestLimits.MB,
        maxInflightMb * RequestLimits.MB,
        bodyTimeout,
        maxEmbeddingTokens);
  }

  @Option(
      names = "--max-queued-jobs",
      paramLabel = "N",
      descriptionKey = "server.max_queued_jobs_per_tenant",
      description =
          "Jobs (ingests, async evaluations) one tenant may have queued or running; more get 429"
              + " (default: ${DEFAULT-VALUE}).")
  int maxQueuedJobs;

  @Option(
      names = "--max-queued-upload-mb",
      paramLabel = "MIB",
      descriptionKey = "server.max_queued_upload_mb_per_tenant",
      description =
          "MiB of uploads one tenant's queued or running jobs may hold; more get 429 (default: ${DEFAULT-VALUE}).")
  long maxQueuedUploadMb;

  @Option(
      names = "--lock-wait",
      paramLabel = "DURATION",
      descriptionKey = "ingest.lock_wait",
      converter = SettingConverter.LockWait.class,
      description =
          "How long an ingest or delete waits for a collection another process (a CLI ingest) is"
              + " writing, then fails with 409: seconds, or with a unit (default: ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Override
  public Integer call() throws Exception {
    Running running = start(System.err);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.stop();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** Starts the server and says so in one line on {@code log}; {@link Running#stop} undoes it. */
  Running start(PrintStream log) {
    // The configuration is validated before anything starts: a bad grounded.yaml is one error line.
    Config settings = data.config();
    List<Path> roots =
        ingestRoots.isEmpty() ? settings.get(GroundedSettings.SERVER_INGEST_ROOTS) : ingestRoots;
    GatewayPlan gateway = GatewayPlan.of(settings);
    LimitsPlan limitsPlan = LimitsPlan.of(settings);
    GuardPlan guardPlan = GuardPlan.of(settings);
    AuditPlan auditPlan = AuditPlan.of(settings);
    RequestLimits limits = limits();
    if (maxQueuedJobs < 1) throw Usage.error("max-queued-jobs", "--max-queued-jobs must be >= 1");
    if (maxQueuedUploadMb < 1)
      throw Usage.error("max-queued-upload-mb", "--max-queued-upload-mb must be >= 1");
    if (maxUploadMb < 1)
      throw Usage.error("max-upload-mb", "--max-upload-mb must be >= 1, not " + maxUploadMb);
    if (port < 0 || port > 65535)
      throw Usage.error("port", "--port must be in 0..65535 (0 picks a free one), not " + port);
    RerankOptions rerank = new RerankOptions();
    rerank.dir = rerankerDir;
    Path reranker = rerank.directory();
    PrintStream access = accessLog.equals("-") ? System.out : open(accessLog);
    App app = data.app(lockWait);
    ApiKeys keys = ApiKeys.open(data.database());
    Registry registry = Prompts.open(data.database());
    ServerConfig config =
        new ServerConfig(
                host,
                port,
                maxUploadMb * 1024 * 1024,
                roots,
                shutdownTimeout,
                access,
                System.err,
                maxQueuedJobs,
                maxQueuedUploadMb * 1024 * 1024)
            .withLimits(limits);
    GroundedServer server;
    Metrics metrics =
        settings.get(GroundedSettings.METRICS_ENABLED) ? Metrics.prometheus() : Metrics.none();
    Tracing tracing =
        settings
            .find(GroundedSettings.TRACING_OTLP_ENDPOINT)
            .filter(e -> !e.isBlank())
            .map(e -> otlp(e, settings.get(GroundedSettings.TRACING_SAMPLE_RATIO)))
            .orElseGet(Tracing::off);
    HttpClient upstreamHttp = gateway.httpClient(app.executor());
    LimitsPlan.Stages stages = null;
    Audit audit = null;
    DriftMonitor drift = null;
    ScheduledExecutorService driftChecks = null;
    try {
      audit = auditPlan.open(data, System.err);
      drift = auditPlan.drift(data, log);
      if (drift != null) {
        DriftMonitor monitor = drift;
        if (metrics.enabled())
          monitor.onAlert(
              a ->
                  metrics
                      .registry()
                      .counter("grounded.drift.alerts", "metric", a.metric())
                      .increment());
        driftChecks =
            Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("grounded-drift").factory());
        long every = auditPlan.driftEvery().toMillis();
        driftChecks.scheduleAtFixedRate(
            () -> {
              try {
                monitor.check();
              } catch (RuntimeException e) {
                log.println("grounded: drift check failed: " + e.getMessage());
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
      }
      stages =
          limitsPlan.open(
              data.database(),
              gateway.upstreamModels(),
              System.err,
              audit == null ? CallObserver.NONE : audit.gateway());
      GatewayLog gatewayLog = new GatewayLog(log);
      GatewayListener listener =
          event -> {
            gatewayLog.onEvent(event);
            metrics.gatewayEvents().onEvent(event);
          };
      var guardStages = guardPlan.interceptors(listener);
      LimitsPlan.Stages limitStages = stages;
      CacheInterceptor cache = CachePlan.of(settings).interceptor(app.concurrentEmbedder());
      if (cache != null) metrics.cache(cache::stats);
      Services services =
          Services.builder(
                  app.kb(),
                  app.concurrentEmbedder(),
                  EMBEDDING_MODEL,
                  app.tokens(),
                  app.parser(),
                  (retriever, stats) -> app.asker(retriever, new GeneratorOptions(), stats),
                  keys,
                  app.executor())
              .reranker(reranker == null ? null : app.concurrentReranker(reranker))
              .upstream(
                  gateway.build(
                      upstreamHttp,
                      System.getenv(),
                      listener,
                      cache,
                      text -> app.concurrentEmbedder().embed(List.of(text)).getFirst(),
                      new RegisteredAliases(registry, gateway.providerNames()),
                      b -> {
                        if (tracing.exporting()) b.ledger(tracing.gatewayCalls()); // outermost
                        limitStages.observed(metrics::ledger).accept(b);
                        guardStages.forEach(b::guard);
                        b.structuredOutput(
                            StructuredOutput.withReasks(
                                settings.get(GroundedSettings.GATEWAY_STRUCTURED_MAX_REASKS)));
                      },
                      p -> tracing.exporting() ? tracing.upstream(p) : p))
              .ledger(stages.ledger())
              .budgets(stages.budgets())
              .guardrails(guardPlan.guardrails())
              .guardEvents(listener)
              .metrics(metrics, settings.get(GroundedSettings.METRICS_REQUIRE_KEY))
              .tracing(tracing)
              .registry(registry)
              .audit(audit)
              .drift(drift)
              .build();
      server = ServeLog.bind(host, port, () -> new GroundedServer(config, services).start());
    } catch (RuntimeException e) {
      if (upstreamHttp != null) upstreamHttp.close();
      if (stages != null) stages.close();
      if (driftChecks != null) driftChecks.shutdownNow();
      if (drift != null) drift.store().close();
      if (audit != null) audit.close();
      tracing.close();
      metrics.close();
      keys.close();
      registry.close();
      app.close();
      throw e;
    }
    if (driftChecks != null && !auditPlan.replayEvery().isZero()) {
      long every = auditPlan.replayEvery().toMillis();
      GroundedServer replaying = server;
      driftChecks.scheduleAtFixedRate(
          () -> {
            try {
              replaying.replayFailures();
            } catch (RuntimeException e) {
              log.println("grounded: failure-set replay failed: " + e.getMessage());
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    ServeLog lines = new ServeLog(log, url(server.port()));
    lines.started(data.dataDir(), keys.anyActive(), config.loopbackOnly());
    LimitsPlan.Stages opened = stages;
    Audit openedAudit = audit;
    DriftMonitor openedDrift = drift;
    ScheduledExecutorService openedChecks = driftChecks;
    return () -> {
      server.stop();
      if (openedChecks != null) openedChecks.shutdownNow();
      if (upstreamHttp != null) upstreamHttp.close();
      opened.close(); // after the server drained: the last ledger rows are written
      if (openedAudit != null) openedAudit.close(); // and audited; the head is signed
      if (openedDrift != null) openedDrift.store().close();
      tracing.close(); // exports the last spans
      metrics.close();
      keys.close();
      registry.close();
      app.close();
      lines.stopped();
    };
  }

  private static Tracing otlp(String endpoint, double ratio) {
    try {
      return Tracing.otlp(java.net.URI.create(endpoint.trim()), ratio);
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid(
          GroundedSettings.TRACING_OTLP_ENDPOINT.key(), "tracing.otlp_endpoint: " + e.getMessage());
    }
  }

  /** A started server: {@link #stop} drains it, closes its stores and logs the stop. */
  interface Running {
    void stop();
  }

  private String url(int boundPort) {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
  }

  private static PrintStream open(String file) {
    try {
      Path path = dev.grounded.core.PrivateFiles.file(Path.of(file));
      return new PrintStream(new FileOutputStream(path.toFile(), true), true, "UTF-8");
    } catch (IOException e) {
      throw GroundedException.invalid(
          "access-log", "cannot open access log " + file + ": " + e.getMessage());
    }
  }
}
