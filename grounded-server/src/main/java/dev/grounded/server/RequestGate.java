package dev.grounded.server;

import dev.grounded.core.ErrorCode;
import dev.grounded.gateway.messages.MessagesErrors;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first handler every request meets, below Javalin and before any byte of its body is read. It
 * refuses a body whose declared {@code Content-Length} (a long) is over its kind's limit (JSON or
 * upload, 413), and keeps the bytes of all requests in flight under {@link
 * RequestLimits#maxInflightBytes()} (503 with {@code Retry-After}). A request is charged its
 * declared length, or its kind's whole limit when it declares none (chunked), from its first byte
 * to the end of its response; one request is always admitted when nothing else is in flight, so a
 * cap below the upload limit slows uploads down instead of refusing them forever.
 */
final class RequestGate extends Handler.Wrapper {
  static final int RETRY_AFTER_SECONDS = 2;
  private final ServerConfig config;
  private final AtomicLong inflight = new AtomicLong();

  RequestGate(ServerConfig config) {
    this.config = config;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields headers = request.getHeaders();
    String type = headers.get(HttpHeader.CONTENT_TYPE);
    boolean upload =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    long limit = upload ? config.maxUploadBytes() + Uploads.MULTIPART_OVERHEAD : jsonLimit();
    long declared = declaredLength(headers.get(HttpHeader.CONTENT_LENGTH));
    if (declared > limit)
      return refuse(
          request,
          response,
          callback,
          ErrorCode.PAYLOAD_TOO_LARGE,
          tooLarge(upload, declared),
          upload ? "file" : null);
    long charge =
        declared >= 0 ? declared : headers.contains(HttpHeader.TRANSFER_ENCODING) ? limit : 0;
    if (!admit(charge))
      return refuse(
          request,
          response,
          callback,
          ErrorCode.SERVER_BUSY,
          "the server is receiving its limit of "
              + config.limits().maxInflightBytes()
              + " request bytes at once (server.max_inflight_request_mb); retry after "
              + RETRY_AFTER_SECONDS
              + " s",
          null);
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) inflight.addAndGet(-charge);
        };
    Callback releasing =
        new Callback() {
          @Override
          public void succeeded() {
            release.run();
            callback.succeeded();
          }

          @Override
          public void failed(Throwable x) {
            release.run();
            callback.failed(x);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    boolean handled = false;
    try {
      handled = super.handle(request, response, releasing);
      return handled;
    } finally {
      if (!handled) release.run();
    }
  }

  private long jsonLimit() {
    return Math.min(config.limits().maxJsonBytes(), config.maxUploadBytes());
  }

  /** The declared length; a value that is not a number is Jetty's to refuse (400) before this. */
  private static long declaredLength(String value) {
    if (value == null) return -1;
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private boolean admit(long charge) {
    if (charge <= 0) return true;
    long max = config.limits().maxInflightBytes();
    while (true) {
      long now = inflight.get();
      if (now > 0 && now + charge > max) return false;
      if (inflight.compareAndSet(now, now + charge)) return true;
    }
  }

  private String tooLarge(boolean upload, long declared) {
    return upload
        ? "upload of "
            + declared
            + " bytes is larger than the limit of "
            + config.maxUploadBytes()
            + " bytes (server.max_upload_mb)"
        : "JSON request body of "
            + declared
            + " bytes is larger than the limit of "
            + jsonLimit()
            + " bytes (server.max_json_mb); upload documents as multipart/form-data";
  }

  /**
   * Answers without keeping the body. A client that sends its body without waiting for {@code 100
   * Continue} only reads the answer once it has sent everything, so a declared body up to the
   * largest the server accepts at all is read and discarded first (no memory, bounded by the body
   * timeout); a larger or undeclared one gets the answer at once and the connection is closed.
   */
  private boolean refuse(
      Request request,
      Response response,
      Callback callback,
      ErrorCode code,
      String message,
      String param) {
    response.setStatus(code.httpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (code == ErrorCode.SERVER_BUSY)
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "" + RETRY_AFTER_SECONDS);
    boolean anthropic = MessagesRoutes.PATH.equals(Request.getPathInContext(request));
    ByteBuffer body =
        ByteBuffer.wrap(
            Json.bytes(
                anthropic
                    ? MessagesErrors.body(code, message)
                    : ApiErrors.body(code, message, param)));
    long declared = declaredLength(request.getHeaders().get(HttpHeader.CONTENT_LENGTH));
    boolean waits = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    if (waits || declared <= 0 || declared > drainLimit()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, body, callback);
      return true;
    }
    Content.Source.consumeAll(
        request,
        Callback.from(
            () -> response.write(true, body, callback),
            failure -> {
              response.getHeaders().put(HttpHeader.CONNECTION, "close");
              response.write(true, body, callback);
            }));
    return true;
  }

  private long drainLimit() {
    return config.maxUploadBytes() + Uploads.MULTIPART_OVERHEAD;
  }
}
