package dev.grounded.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for a paid chat completions API, speaking its wire format: {@code POST
 * /v1/chat/completions} answered by a script from the request JSON (a reply's content, or an error
 * with its status, in OpenAI's error shape). Records every request.
 */
public final class FakeChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the script answers: a content string, or an HTTP error. */
  public record Reply(int status, String content, String retryAfter) {
    public static Reply content(String c) {
      return new Reply(200, c, null);
    }

    public static Reply error(int status, String message) {
      return new Reply(status, message, null);
    }
  }

  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public FakeChatServer(Function<JsonNode, Reply> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
          requests.add(request);
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          Reply r = script.apply(request);
          ObjectNode body = JSON.createObjectNode();
          if (r.status() == 200) {
            body.put("id", "chatcmpl-" + requests.size());
            body.put("object", "chat.completion");
            body.put("created", 0);
            body.put("model", request.path("model").asText());
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", r.content());
            choice.put("finish_reason", "stop");
            body.putObject("usage")
                .put("prompt_tokens", 10)
                .put("completion_tokens", 5)
                .put("total_tokens", 15);
          } else {
            ObjectNode e = body.putObject("error");
            e.put("message", r.content());
            e.put("type", r.status() == 429 ? "rate_limit_error" : "invalid_request_error");
            e.putNull("param");
            e.putNull("code");
          }
          byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          if (r.retryAfter() != null)
            exchange.getResponseHeaders().add("Retry-After", r.retryAfter());
          exchange.sendResponseHeaders(r.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** The content of the last user message of a request. */
  public static String lastUser(JsonNode request) {
    JsonNode messages = request.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--)
      if (messages.get(i).path("role").asText().equals("user"))
        return messages.get(i).path("content").asText();
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
