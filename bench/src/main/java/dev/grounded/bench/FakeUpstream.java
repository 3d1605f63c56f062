package dev.grounded.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The gateway bench's upstream: a raw-socket HTTP/1.1 server answering every {@code POST} with one
 * canned OpenAI chat completion (or, when the body asks for {@code "stream":true}, the same answer
 * as three SSE chunks and {@code [DONE]}, chunked), keep-alive, one virtual thread per connection.
 * It parses no JSON and allocates little, so that the bench measures the gateways, not it. Run as
 * its own process ({@code FakeUpstream [port]}, 0 = any); it prints {@code port N} when listening.
 */
public final class FakeUpstream {
  static final String COMPLETION =
      "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
          + "\"model\":\"upstream-m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"The capital of France is Paris.\"},\"logprobs\":null,"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":8,"
          + "\"total_tokens\":22}}";
  private static final byte[] JSON_REPLY =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
              + COMPLETION.length()
              + "\r\n\r\n"
              + COMPLETION)
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SSE_REPLY = sseReply();
  private static final byte[] STREAM_FLAG = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

  private FakeUpstream() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
      System.out.println("port " + server.getLocalPort());
      System.out.flush();
      while (true) {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      }
    }
  }

  private static void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
      OutputStream out = socket.getOutputStream();
      byte[] body = new byte[0];
      while (true) {
        int length = readHead(in);
        if (length < 0) return;
        if (body.length < length) body = new byte[length];
        if (in.readNBytes(body, 0, length) < length) return;
        out.write(contains(body, length, STREAM_FLAG) ? SSE_REPLY : JSON_REPLY);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Reads a request head; returns its Content-Length (0 if none), or -1 at end of input. */
  private static int readHead(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int length = 0;
    boolean first = true;
    while (true) {
      line.setLength(0);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) return -1;
        if (c != '\r') line.append((char) c);
      }
      if (line.isEmpty()) {
        if (first) continue; // stray CRLF between requests
        return length;
      }
      first = false;
      if (line.length() > 15
          && line.substring(0, 15).toLowerCase(Locale.ROOT).equals("content-length:"))
        length = Integer.parseInt(line.substring(15).trim());
    }
  }

  private static boolean contains(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  private static byte[] sseReply() {
    StringBuilder events = new StringBuilder();
    String[] parts = {"The capital", " of France", " is Paris."};
    for (int i = 0; i < parts.length; i++)
      events
          .append("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",")
          .append("\"created\":1700000000,\"model\":\"upstream-m\",\"choices\":[{\"index\":0,")
          .append("\"delta\":{")
          .append(i == 0 ? "\"role\":\"assistant\"," : "")
          .append("\"content\":\"")
          .append(parts[i])
          .append("\"},\"finish_reason\":")
          .append(i == parts.length - 1 ? "\"stop\"" : "null")
          .append("}]}\n\n");
    events.append("data: [DONE]\n\n");
    byte[] body = events.toString().getBytes(StandardCharsets.US_ASCII);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(body.length)
            + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length + tail.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    System.arraycopy(tail, 0, all, h.length + body.length, tail.length);
    return all;
  }
}
