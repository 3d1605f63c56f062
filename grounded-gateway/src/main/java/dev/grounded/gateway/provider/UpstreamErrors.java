package dev.grounded.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.chain.UpstreamException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Maps what an OpenAI-compatible upstream did wrong to Grounded's codes. Internal. */
final class UpstreamErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UpstreamErrors() {}

  /**
   * An error status: 400 and other 4xx → {@code invalid_request} with the upstream's message, 404 →
   * {@code model_not_found}, 401/403 → {@code upstream_error} (Grounded's own key is wrong, not the
   * caller's; not retriable), 429 → {@code rate_limited} with its Retry-After, 5xx → {@code
   * upstream_error}, retriable.
   */
  static UpstreamException status(String provider, int status, HttpHeaders headers, String body) {
    String message = "provider " + provider + " answered " + status + ": " + message(body);
    if (status == 429)
      return new UpstreamException(
          ErrorCode.RATE_LIMITED, message, true, retryAfter(headers), null);
    if (status >= 500)
      return new UpstreamException(ErrorCode.UPSTREAM_ERROR, message, true, null, null);
    if (status == 401 || status == 403)
      return new UpstreamException(
          ErrorCode.UPSTREAM_ERROR,
          message + " (check the key in the provider's environment variable)",
          false,
          null,
          null);
    if (status == 404)
      return new UpstreamException(ErrorCode.MODEL_NOT_FOUND, message, false, null, null);
    return new UpstreamException(ErrorCode.INVALID_REQUEST, message, false, null, null);
  }

  /** A broken or refused connection, or an HTTP-level timeout: retriable. */
  static UpstreamException io(String provider, IOException e) {
    String what =
        e instanceof ConnectException
            ? "cannot connect"
            : e instanceof HttpTimeoutException
                ? "timed out"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR, "provider " + provider + ": " + what, true, null, e);
  }

  static UpstreamException malformed(String provider, String what) {
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR, "provider " + provider + ": " + what, true, null, null);
  }

  /** The request's deadline passed: no attempt can help any more. */
  static UpstreamException deadline(String provider, String waitingFor) {
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR,
        "provider " + provider + ": the request's deadline passed while waiting for " + waitingFor,
        false,
        null,
        null);
  }

  /** The OpenAI error shape's message, else the body's start. */
  static String message(String body) {
    try {
      JsonNode m = JSON.readTree(body).path("error").path("message");
      if (m.isTextual()) return m.asText();
    } catch (IOException | RuntimeException e) {
      // not the OpenAI shape
    }
    String b = body == null ? "" : body.strip();
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  /** Seconds or an HTTP date; absent or unreadable → none. */
  static Duration retryAfter(HttpHeaders headers) {
    String v = headers.firstValue("Retry-After").orElse(null);
    if (v == null) return null;
    try {
      double seconds = Double.parseDouble(v.trim());
      return seconds >= 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
