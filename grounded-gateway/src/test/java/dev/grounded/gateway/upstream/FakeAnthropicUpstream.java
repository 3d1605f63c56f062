package dev.grounded.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream.Behaviour;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * An in-process upstream speaking Anthropic's {@code POST /v1/messages} over a raw socket
 * (HTTP/1.1, one request per connection): a message JSON, or server-sent events ({@code
 * message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}, {@code
 * content_block_stop}, {@code message_delta}, {@code message_stop}) when the request streams.
 * Follows the same {@link Behaviour}s as {@link FakeOpenAiUpstream} (errors in Anthropic's shape)
 * plus the {@link Reply}s only Anthropic has. Records requests and their {@code x-api-key} and
 * {@code anthropic-version} headers. Shared with other modules through the test-jar.
 */
public final class FakeAnthropicUpstream implements AutoCloseable {

  /** What the upstream does with one request. */
  public sealed interface Reply {}

  /** One of the behaviours every fake upstream has. */
  public record Like(Behaviour behaviour) implements Reply {}

  /** Text ending with the given {@code stop_reason}. */
  public record Stopped(String content, String stopReason) implements Reply {}

  /**
   * Optional text, then a {@code tool_use} block whose input arrives as the given {@code
   * input_json_delta} fragments; {@code stop_reason: tool_use}.
   */
  public record ToolUse(String text, String id, String name, List<String> partialJson)
      implements Reply {}

  /** Streams {@code words} words of text, then an {@code error} event (overloaded). */
  public record ErrorEvent(int words) implements Reply {}

  /** Common behaviours in turn, the last one repeated. */
  public static BiFunction<Integer, JsonNode, Reply> like(
      BiFunction<Integer, JsonNode, Behaviour> script) {
    return (n, request) -> new Like(script.apply(n, request));
  }

  /** Replies in turn, the last one repeated. */
  public static BiFunction<Integer, JsonNode, Reply> replies(Reply... replies) {
    return (n, request) -> replies[Math.min(n, replies.length) - 1];
  }

  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  public final List<String> apiKeys = new CopyOnWriteArrayList<>();
  public final List<String> versions = new CopyOnWriteArrayList<>();
  private final BiFunction<Integer, JsonNode, Reply> script;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);

  public FakeAnthropicUpstream(BiFunction<Integer, JsonNode, Reply> script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("fake-anthropic-accept").start(this::acceptLoop);
  }

  /** The API root ({@code /v1/messages} is appended by the provider). */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

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
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      JsonNode request = readRequest(socket.getInputStream());
      if (request == null) return;
      requests.add(request);
      new FakeAnthropicReplies(socket, request, closed)
          .send(script.apply(requests.size(), request));
    } catch (IOException | InterruptedException e) {
      // the client went away or the fake was closed
    } finally {
      open.remove(socket);
    }
  }

  private JsonNode readRequest(InputStream in) throws IOException {
    int length = 0;
    String key = "null";
    String version = "null";
    String line = readLine(in);
    if (line == null || !line.startsWith("POST /v1/messages ")) return null;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      if (lower.startsWith("x-api-key:")) key = line.substring(10).trim();
      if (lower.startsWith("anthropic-version:")) version = line.substring(18).trim();
    }
    apiKeys.add(key);
    versions.add(version);
    return FakeOpenAiUpstream.JSON.readTree(in.readNBytes(length));
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
}
