package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import io.javalin.http.Context;
import java.io.PrintStream;

/**
 * Turns every failure into OpenAI's error shape, {@code
 * {"error":{"message","type","param","code"}}}, with the status of its {@link ErrorCode}.
 * Unexpected exceptions become a 500 whose body names only the request id; the stack trace goes to
 * the server's error stream, never to the client. Errors of the Anthropic Messages API ({@code
 * /v1/messages}) take Anthropic's shape instead ({@link MessagesRoutes#error}).
 */
final class ApiErrors {
  private final PrintStream errors;

  ApiErrors(PrintStream errors) {
    this.errors = errors;
  }

  void handle(Exception e, Context ctx) {
    if (e instanceof GroundedException ge) {
      retryAfter(ge).ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
      write(ctx, ge.code(), ge.getMessage(), ge.param().orElse(null));
      if (ge.code().httpStatus() >= 500) log(ctx, e);
      return;
    }
    log(ctx, e);
    write(
        ctx,
        ErrorCode.INTERNAL,
        "internal error; quote request id " + RequestIds.of(ctx) + " when reporting it",
        null);
  }

  /**
   * The {@code Retry-After} seconds an error carries: a refused budget or rate limit, an upstream's
   * 429 or 503 passed on.
   */
  static java.util.Optional<Long> retryAfter(GroundedException e) {
    if (e instanceof dev.grounded.gateway.budget.LimitExceeded le)
      return java.util.Optional.of(le.retryAfterSeconds());
    if (e instanceof dev.grounded.gateway.chain.UpstreamException ue)
      return ue.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000));
    return java.util.Optional.empty();
  }

  private synchronized void log(Context ctx, Exception e) {
    errors.println("request " + RequestIds.of(ctx) + " " + ctx.method() + " " + ctx.path() + ":");
    e.printStackTrace(errors);
    errors.flush();
  }

  static void write(Context ctx, ErrorCode code, String message, String param) {
    if (MessagesRoutes.owns(ctx)) {
      MessagesRoutes.error(ctx, code, message); // Anthropic's shape for Anthropic's API
      return;
    }
    Json.write(ctx, code.httpStatus(), body(code, message, param));
  }

  static ObjectNode body(ErrorCode code, String message, String param) {
    return body(type(code), code.code(), message, param);
  }

  /** The error object for a status that has no {@link ErrorCode} (Jetty's 414, 431, ...). */
  static ObjectNode body(String type, String code, String message, String param) {
    ObjectNode error = Json.object();
    error.put("message", message);
    error.put("type", type);
    if (param == null) error.putNull("param");
    else error.put("param", param);
    error.put("code", code);
    ObjectNode root = Json.object();
    root.set("error", error);
    return root;
  }

  /** OpenAI's error {@code type} for a code: clients branch on it as well as on the status. */
  static String type(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED -> "authentication_error";
      case FORBIDDEN -> "permission_error";
      case NOT_FOUND -> "not_found_error";
      case MODEL_NOT_FOUND -> "invalid_request_error"; // as OpenAI sends it
      case RATE_LIMITED -> "rate_limit_error";
      case BUDGET_EXCEEDED -> "insufficient_quota";
      case UPSTREAM_ERROR -> "upstream_error";
      case STORAGE_ERROR, INTERNAL, SERVER_BUSY -> "server_error";
      default -> "invalid_request_error";
    };
  }
}
