package dev.grounded.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** The server's JSON: one mapper, request bodies parsed with clear errors, responses written. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The largest JSON body, set by {@link GroundedServer} from {@link RequestLimits}. */
  static final Key<Long> MAX_BYTES = new Key<>("grounded.max_json_bytes");

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * The request body as a JSON object. Only {@code application/json} is read (else 415), at most
   * {@link #MAX_BYTES} of it (else 413); malformed or non-object bodies are a 400, a client that
   * stops sending is a 408.
   */
  static Body body(Context ctx) {
    requireJson(ctx);
    byte[] bytes = read(ctx, ctx.appData(MAX_BYTES));
    if (bytes.length == 0) throw GroundedException.invalid(null, "the request body is empty");
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw GroundedException.invalid(
          null, "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject())
      throw GroundedException.invalid(null, "the request body must be a JSON object");
    return new Body((ObjectNode) node, "");
  }

  /** Refuses (415) a body that is not {@code application/json}; a charset parameter is fine. */
  static void requireJson(Context ctx) {
    String type = ctx.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json"))
      throw new GroundedException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the request body as 'Content-Type: application/json'"
              + (type == null ? "" : ", not '" + type + "'"),
          null,
          null);
  }

  private static byte[] read(Context ctx, long max) {
    // With a Content-Length within the limit, a buffer of exactly that size (InputStream's own
    // readNBytes starts with 16 KB, for bodies that are mostly a few hundred bytes); anything
    // else is read up to the limit and refused beyond it, as before.
    long declared = ctx.req().getContentLengthLong();
    long want = declared >= 0 && declared <= max ? declared : max + 1;
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, want));
      if (bytes.length > max)
        throw new GroundedException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "JSON request body larger than the limit of "
                + max
                + " bytes (server.max_json_mb); upload documents as multipart/form-data",
            null,
            null);
      return bytes;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** A body that stopped arriving (Jetty's idle timeout) is a 408; any other read failure a 400. */
  static GroundedException unreadable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (t instanceof TimeoutException)
        return new GroundedException(
            ErrorCode.REQUEST_TIMEOUT,
            "the request body stopped arriving before its Content-Length was reached"
                + " (server.body_timeout)",
            null,
            null);
    return GroundedException.invalid(null, "the request body could not be read: " + e);
  }

  static void write(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
