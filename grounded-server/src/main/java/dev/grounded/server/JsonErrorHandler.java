package dev.grounded.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, raised before or outside any route (a malformed request line, 400; a bad
 * Host; 408; 413; 414; 431; 500), in OpenAI's error shape instead of Jetty's HTML or plain text.
 * The message is Jetty's reason; no stack trace or cause is ever written.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    byte[] body =
        Json.bytes(ApiErrors.body(type(status), code(status), text(status, message), null));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static String type(int status) {
    return status >= 500 && status != 505 ? "server_error" : "invalid_request_error";
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 505 -> "http_version_not_supported";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String text(int status, String message) {
    String reason = HttpStatus.getMessage(status);
    String detail =
        switch (status) {
          case 414 -> "the request URI is longer than the server accepts";
          case 431 -> "the request headers are larger than the server accepts";
          case 408 -> "the request was not completed in time (server.body_timeout)";
          default -> null;
        };
    if (detail != null) return detail;
    if (message == null || message.isBlank() || message.equals(reason))
      return status >= 500 ? "internal error" : "bad request: " + reason;
    return message;
  }
}
