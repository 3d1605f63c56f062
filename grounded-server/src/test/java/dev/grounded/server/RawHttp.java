package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client would send: a forged Host, a
 * body shorter than its Content-Length, a malformed request line, oversized headers.
 */
final class RawHttp implements AutoCloseable {
  /** How long a test waits for the server before it calls the exchange a hang. */
  static final int PATIENCE_MILLIS = 20_000;

  private final Socket socket;

  RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(PATIENCE_MILLIS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a complete request head (blank line included; LF becomes CRLF) and whatever body bytes
   * are given, unchanged.
   */
  RawHttp send(String head, byte[] body) {
    try {
      OutputStream out = socket.getOutputStream();
      if (!head.isEmpty()) writeHead(out, head);
      if (body != null) out.write(body);
      out.flush();
    } catch (IOException e) {
      // the server may refuse and close before it read everything: the reply still counts
    }
    return this;
  }

  /** Like {@link #send} but reports whether every byte was written (no reset or broken pipe). */
  boolean sendAll(String head, byte[] body) {
    try {
      OutputStream out = socket.getOutputStream();
      writeHead(out, head);
      out.write(body);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void writeHead(OutputStream out, String head) throws IOException {
    out.write(head.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The reply, read until the server closes the connection or its Content-Length is read. */
  Reply reply() {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
        Reply partial = Reply.parse(got.toByteArray());
        if (partial != null && partial.complete()) return partial;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "no complete reply within " + PATIENCE_MILLIS + " ms; got: " + got, e);
    } catch (IOException e) {
      // reset after the reply: parse what arrived
    }
    Reply r = Reply.parse(got.toByteArray());
    return r == null ? new Reply(-1, Map.of(), got.toString(StandardCharsets.UTF_8), true) : r;
  }

  /** Reads an interim {@code 100 Continue} (only its status line and blank line). */
  Reply reply100() {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      int b;
      while ((b = in.read()) >= 0) {
        got.write(b);
        String s = got.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r\n\r\n")) {
          String[] status = s.split(" ", 3);
          return new Reply(Integer.parseInt(status[1]), Map.of(), "", true);
        }
      }
    } catch (IOException e) {
      throw new AssertionError("no interim reply; got: " + got, e);
    }
    throw new AssertionError("closed without an interim reply; got: " + got);
  }

  static Reply exchange(int port, String head, byte[] body) {
    try (RawHttp raw = new RawHttp(port)) {
      return raw.send(head, body).reply();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test socket
    }
  }

  /** A parsed reply; status -1 means the connection closed without a status line. */
  record Reply(int status, Map<String, String> headers, String body, boolean complete) {
    static Reply parse(byte[] bytes) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) return null;
      String[] lines = text.substring(0, end).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) return null;
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0)
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
      }
      byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
      String body = new String(rest, StandardCharsets.UTF_8);
      String length = headers.get("content-length");
      boolean complete = length != null && rest.length >= Long.parseLong(length);
      int status = Integer.parseInt(statusLine[1]);
      if (status == 100) // an interim reply: the final one follows
      return parse(java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length));
      return new Reply(status, headers, body, complete);
    }

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    /** The OpenAI error object; fails unless the reply is an application/json error. */
    JsonNode error() {
      if (!contentType().startsWith("application/json"))
        throw new AssertionError("not a JSON reply: " + this);
      return new TestServer.Reply(status, body, contentType()).error();
    }
  }
}
