package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP service. Assembles every route group in {@link #routes()}, runs handlers on virtual
 * threads, maps every failure to an OpenAI-shaped error, and drains requests in flight on {@link
 * #stop()}.
 */
public final class GroundedServer implements AutoCloseable {
  private final ServerConfig config;
  private final Services services;
  private final ApiErrors errors;
  private final AccessLog accessLog;
  private final RequestMetrics requestMetrics;
  private final Auth auth;
  private final Jobs jobs;
  private final Uploads uploads;
  private final Evaluations evaluations;
  private final Readiness readiness;
  private final List<String[]> registered = new ArrayList<>();
  private Javalin app;

  public GroundedServer(ServerConfig config, Services services) {
    this.config = Objects.requireNonNull(config, "config");
    this.services = Objects.requireNonNull(services, "services");
    if (!config.loopbackOnly() && !services.keys().anyActive())
      throw GroundedException.invalid(
          "host",
          "refusing to listen on "
              + config.host()
              + " without an API key: create one with 'grounded keys create --tenant NAME', or"
              + " listen on 127.0.0.1");
    this.errors = new ApiErrors(config.errorLog());
    this.accessLog = new AccessLog(config.accessLog());
    this.requestMetrics = new RequestMetrics(services.metrics(), this::registeredRoutes);
    this.auth = new Auth(services.keys(), config.loopbackOnly(), config.errorLog());
    this.jobs = new Jobs(services, config);
    this.uploads = new Uploads(services, jobs, config);
    this.evaluations = new Evaluations(services, jobs);
    this.readiness = new Readiness(services);
  }

  /** Every route group, in registration order. */
  private List<Routes> routes() {
    return List.of(
        new HealthRoutes(readiness),
        new MetricsRoutes(services.metrics()),
        new DocsRoutes(),
        new ConsoleRoutes(),
        new OpenAiRoutes(services, config.limits().maxEmbeddingTokensPerRequest()),
        new MessagesRoutes(services),
        new CollectionRoutes(services),
        new DocumentRoutes(services, uploads, config),
        new JobRoutes(jobs),
        new QueryRoutes(services),
        new EvalRoutes(services, evaluations),
        new CacheRoutes(services.upstream()),
        new CostRoutes(services),
        new GuardRoutes(services),
        new AuditRoutes(services),
        new ProvenanceRoutes(services),
        new ForgetRoutes(services),
        new ReviewRoutes(services),
        new DriftRoutes(services),
        new RegistryRoutes(services, dev.grounded.gateway.registry.Kind.PROMPT),
        new RegistryRoutes(services, dev.grounded.gateway.registry.Kind.MODEL));
  }

  /** Resumes the jobs that servers no longer running left unfinished, then listens. */
  /**
   * Replays every tenant's failure set against the collections as they are now, keeping each run
   * for the drift monitor (which alerts on a drop); returns how many collections were replayed.
   */
  public int replayFailures() {
    return new Replays(services).run(java.util.Optional.empty()).size();
  }

  public synchronized GroundedServer start() {
    if (app != null) throw new IllegalStateException("the server is already started");
    jobs.resume(Map.of(JobStore.INGEST, uploads::resume, JobStore.EVAL, evaluations::resume));
    app = Javalin.create(this::configure);
    app.start(config.host(), config.port());
    readiness.warmUp(services.executor());
    return this;
  }

  private void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.concurrency.useVirtualThreads = true;
    c.http.maxRequestSize = config.maxUploadBytes();
    c.appData(Json.MAX_BYTES, config.limits().maxJsonBytes());
    c.http.compressionStrategy = CompressionStrategy.NONE;
    c.http.prefer405over404 = true;
    c.router.ignoreTrailingSlashes = true;
    c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxTotalRequestSize(
        config.maxUploadBytes() + Uploads.MULTIPART_OVERHEAD, SizeUnit.BYTES);
    c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
    c.jetty.multipartConfig.cacheDirectory(jobs.uploads().root().toString()); // not /tmp
    c.jetty.modifyServer(
        server -> {
          server.setStopTimeout(config.shutdownTimeout().toMillis());
          // Javalin puts its context inside the innermost wrapper: graceful stop, the request's
          // span,
          // then the gate
          server.setHandler(
              new GracefulHandler(new TracingHandler(services.tracing(), new RequestGate(config))));
          server.setErrorHandler(new JsonErrorHandler());
          server.addEventListener(idleTimeout(config.limits().bodyTimeout().toMillis()));
        });
    c.jetty.modifyServletContextHandler(
        context -> context.setMaxFormContentSize(Uploads.MAX_FORM_FIELD_BYTES));
    c.requestLogger.http(
        (ctx, millis) -> {
          requestMetrics.record(ctx, millis);
          accessLog.log(ctx, millis);
        });
    c.events.handlerAdded(
        meta -> registered.add(new String[] {meta.getHttpMethod().name(), meta.getPath()}));
    RoutesConfig r = c.routes;
    r.before(RequestIds::assign);
    r.before("/v1/*", auth::authenticate);
    r.before("/api/*", auth::authenticate);
    if (services.metricsRequireKey()) r.before(MetricsRoutes.PATH, auth::authenticate);
    r.exception(Exception.class, this::onException);
    r.error(404, ctx -> unmatched(ctx, ErrorCode.NOT_FOUND, "no route for "));
    r.error(405, ctx -> unmatched(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed: "));
    for (Routes group : routes()) group.register(r);
  }

  /**
   * A connection that sends nothing for this long while a request or its body is expected is
   * answered 408 and closed. Jetty does not apply it to a handler that is working on a reply.
   */
  private static LifeCycle.Listener idleTimeout(long millis) {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : ((Server) event).getConnectors())
          if (connector instanceof AbstractConnector a) a.setIdleTimeout(millis);
      }
    };
  }

  private void onException(Exception e, Context ctx) {
    if (e instanceof HttpResponseException h) {
      ErrorCode code =
          switch (h.getStatus()) {
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            default -> h.getStatus() < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
          };
      String message =
          code == ErrorCode.PAYLOAD_TOO_LARGE
              ? "request body larger than the limit of " + config.maxUploadBytes() + " bytes"
              : h.getMessage();
      if (h.getStatus() == 408) {
        errors.handle(Json.unreadable(new java.util.concurrent.TimeoutException()), ctx);
        return;
      }
      ApiErrors.write(ctx, code, message, null);
      return;
    }
    errors.handle(e, ctx);
  }

  /** Javalin's own 404/405 (no route): only when no handler wrote a body. */
  private static void unmatched(Context ctx, ErrorCode code, String prefix) {
    String body = ctx.result();
    if (body != null && !body.isEmpty() && body.startsWith("{")) return;
    ApiErrors.write(ctx, code, prefix + ctx.method().name() + " " + ctx.path(), null);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    if (app == null) throw new IllegalStateException("start the server first");
    return app.port();
  }

  /** (method, path) of every registered route, for the OpenAPI check. */
  public List<String[]> registeredRoutes() {
    return List.copyOf(registered);
  }

  /**
   * Stops accepting connections, waits up to the shutdown timeout for requests in flight, then as
   * long again for jobs still running; jobs unfinished then are released to the next server that
   * starts on the data directory, which resumes them (see {@link Jobs#close}).
   */
  public synchronized void stop() {
    if (app == null) return;
    app.stop();
    jobs.drain(config.shutdownTimeout());
    jobs.close();
    app = null;
  }

  @Override
  public void close() {
    stop();
  }
}
