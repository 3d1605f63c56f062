package dev.grounded.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * An in-process upstream speaking OpenAI's {@code POST /v1/chat/completions} over a raw socket
 * (HTTP/1.1, one request per connection), JSON or server-sent events as the request's {@code
 * stream} asks, with the faults real upstreams have: {@link Behaviour}. A script chooses each
 * request's behaviour from its number (from 1) and JSON. Records every request; {@link #close()}
 * ends everything, hung connections included. Shared with other modules through the test-jar.
 */
public final class FakeOpenAiUpstream implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the upstream does with one request. */
  public sealed interface Behaviour {}

  /**
   * Answers {@code content} (split into one chunk per word when streaming) after {@code delay};
   * when streaming, sends the first chunk {@code firstTokenDelay} after the headers and, if {@code
   * holdAfterFirst} is set, the rest only once it is released.
   */
  public record Answer(
      String content, Duration delay, Duration firstTokenDelay, CountDownLatch holdAfterFirst)
      implements Behaviour {
    public Answer delayed(Duration d) {
      return new Answer(content, d, firstTokenDelay, holdAfterFirst);
    }

    public Answer slowFirstToken(Duration d) {
      return new Answer(content, delay, d, holdAfterFirst);
    }

    public Answer holdAfterFirst(CountDownLatch latch) {
      return new Answer(content, delay, firstTokenDelay, latch);
    }
  }

  /**
   * Answers {@code content} with finish reason {@code length}, as a model cut off at {@code
   * max_tokens} does (streamed one chunk per word when the request streams).
   */
  public record CutOff(String content) implements Behaviour {}

  /** An HTTP error in OpenAI's shape, with a {@code Retry-After} header when not null. */
  public record Status(int status, String message, String retryAfter) implements Behaviour {}

  /** Reads the request, then resets the connection (TCP RST) without answering. */
  public record Reset() implements Behaviour {}

  /** Starts a stream, sends {@code chunks} chunks, then closes the connection mid-body. */
  public record CutStream(int chunks) implements Behaviour {}

  /** Answers 200 with a body (or first stream chunk) that is not JSON. */
  public record Malformed() implements Behaviour {}

  /** Reads the request and never answers. */
  public record Hang() implements Behaviour {}

  /**
   * Answers with one tool call (finish reason {@code tool_calls}) after the text {@code preamble}
   * (none when empty): its arguments are the concatenated {@code argumentFragments}, streamed one
   * fragment per chunk.
   */
  public record ToolCall(String preamble, String id, String name, List<String> argumentFragments)
      implements Behaviour {}

  public static Answer answer(String content) {
    return new Answer(content, Duration.ZERO, Duration.ZERO, null);
  }

  /** Behaviours in turn, the last one repeated. */
  public static BiFunction<Integer, JsonNode, Behaviour> sequence(Behaviour... behaviours) {
    return (n, request) -> behaviours[Math.min(n, behaviours.length) - 1];
  }

  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** The header lines of each request, names lower-cased, in arrival order. */
  public final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

  private final BiFunction<Integer, JsonNode, Behaviour> script;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);

  public FakeOpenAiUpstream(BiFunction<Integer, JsonNode, Behaviour> script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("fake-upstream-accept").start(this::acceptLoop);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
  }

  /** Requests received so far (each attempt of a retried call counts). */
  public int count() {
    return requests.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      JsonNode request = readRequest(socket.getInputStream());
      if (request == null) return;
      requests.add(request);
      Behaviour b = script.apply(requests.size(), request);
      new FakeReplies(socket, request, closed).send(b);
    } catch (IOException | InterruptedException e) {
      // the client went away or the fake was closed
    } finally {
      open.remove(socket);
    }
  }

  private JsonNode readRequest(InputStream in) throws IOException {
    int length = 0;
    String auth = "null";
    Map<String, String> head = new LinkedHashMap<>();
    String line = readLine(in);
    if (line == null || !line.startsWith("POST /v1/chat/completions ")) return null;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      if (lower.startsWith("authorization:")) auth = line.substring(14).trim();
      int colon = line.indexOf(':');
      if (colon > 0) head.put(lower.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    authorizations.add(auth);
    headers.add(head);
    return JSON.readTree(in.readNBytes(length));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != -1; ) {
      if (c == '\n') return sb.toString().replaceAll("\r$", "");
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    for (Socket s : open) s.close();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
