package dev.grounded.server;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A local OTLP/HTTP receiver: accepts {@code POST /v1/traces} with an {@code
 * ExportTraceServiceRequest} in protobuf (what the OTLP exporter sends), decodes it with the
 * protocol's own generated classes and keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span, ids in lower-case hex (parent empty for a root). */
  record Received(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      Map<String, String> attributes,
      Map<String, String> resource) {}

  private final HttpServer http;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
            for (ResourceSpans rs : request.getResourceSpansList()) {
              Map<String, String> resource = attributes(rs.getResource().getAttributesList());
              for (ScopeSpans ss : rs.getScopeSpansList())
                for (Span s : ss.getSpansList())
                  spans.add(
                      new Received(
                          hex(s.getTraceId().toByteArray()),
                          hex(s.getSpanId().toByteArray()),
                          hex(s.getParentSpanId().toByteArray()),
                          s.getName(),
                          s.getKind(),
                          attributes(s.getAttributesList()),
                          resource));
            }
            byte[] reply = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) exchange.getResponseBody().write(reply);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    http.start();
  }

  private static Map<String, String> attributes(List<KeyValue> kvs) {
    return kvs.stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                kv ->
                    switch (kv.getValue().getValueCase()) {
                      case STRING_VALUE -> kv.getValue().getStringValue();
                      case INT_VALUE -> Long.toString(kv.getValue().getIntValue());
                      case BOOL_VALUE -> Boolean.toString(kv.getValue().getBoolValue());
                      case DOUBLE_VALUE -> Double.toString(kv.getValue().getDoubleValue());
                      default -> kv.getValue().toString();
                    },
                (a, b) -> b));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The collector's base URL, as {@code tracing.otlp_endpoint} takes it. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** The spans of trace {@code traceId} received so far. */
  List<Received> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
