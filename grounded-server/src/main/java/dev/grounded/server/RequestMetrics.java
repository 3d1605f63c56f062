package dev.grounded.server;

import dev.grounded.audit.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Once a request is answered: names its span and records it in the metrics by route template (never
 * the raw path). A request refused before its handler ran (401 from the key check, 413 from the
 * request gate) is matched against the registered templates; {@value #UNMATCHED} when none fits.
 */
final class RequestMetrics {
  static final String UNMATCHED = "unmatched";
  private final Metrics metrics;
  private final Supplier<List<String[]>> registered;
  private volatile List<Route> routes;

  /**
   * @param registered (method, template) of every route, complete once the server has started
   */
  RequestMetrics(Metrics metrics, Supplier<List<String[]>> registered) {
    this.metrics = metrics;
    this.registered = registered;
  }

  void record(Context ctx, Float millis) {
    String method = ctx.method().name();
    String route = route(ctx, method);
    TracingHandler.of(ctx).ifPresent(span -> span.route(method, route));
    if (metrics.enabled())
      metrics.request(
          method, route, ctx.statusCode(), millis == null ? 0 : (long) (millis * 1_000_000.0));
  }

  private String route(Context ctx, String method) {
    try {
      Endpoint e = ctx.endpoints().lastHttpEndpoint();
      if (e != null) return e.path;
    } catch (RuntimeException e) { // no HTTP endpoint ran
    }
    String path = ctx.path();
    for (Route r : routes())
      if (r.method().equalsIgnoreCase(method) && r.pattern().matcher(path).matches())
        return r.template();
    return UNMATCHED;
  }

  private List<Route> routes() {
    List<Route> rs = routes;
    if (rs == null) {
      rs = new ArrayList<>();
      for (String[] m : registered.get()) rs.add(new Route(m[0], m[1], pattern(m[1])));
      routes = rs = List.copyOf(rs);
    }
    return rs;
  }

  /** {@code /api/collections/{collection}/ask} as a regular expression, one segment a parameter. */
  static Pattern pattern(String template) {
    StringBuilder re = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      if (part.startsWith("{") && part.endsWith("}")) re.append("[^/]+");
      else re.append(Pattern.quote(part));
    }
    return Pattern.compile(re + "/?");
  }

  private record Route(String method, String template, Pattern pattern) {}
}
