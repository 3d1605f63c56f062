package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@code /openapi.json} against the server: every registered route documented and
 * nothing more, a well-formed document whose references and examples hold, and live responses
 * (statuses, bodies, stream events) that match what it promises.
 */
class OpenApiTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT");
  private static final Set<String> UNDOCUMENTED_METHODS = Set.of("HEAD", "OPTIONS");
  private static final List<String> OPERATION_KEYS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String QUESTION = "How many days of paid holiday do employees get?";

  static TestServer server;
  static TestServer.Reply served;
  static JsonNode spec;

  @BeforeAll
  static void start() {
    server = new TestServer(TestServer.temp("grounded-openapi"));
    served = server.get("/openapi.json", null);
    spec = served.json();
    server.seed(
        null,
        "handbook",
        "handbook.md",
        "# Leave\n\n## Holidays\n\nEmployees receive 25 days of paid holiday per calendar year."
            + " Unused holiday days may be carried over until the end of March.\n\n## Sick leave\n\n"
            + "Sick leave is paid from the first day and needs a doctor's note after three days.\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theDescriptionIsServedAtOpenApiJsonAsOpenApi31() {
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.contentType()).startsWith("application/json");
    assertThat(spec.path("openapi").asText()).startsWith("3.1");
    assertThat(spec.path("info").path("title").asText()).isNotBlank();
    assertThat(spec.path("info").path("version").asText()).isNotBlank();
    assertThat(spec.path("paths").isObject()).isTrue();
  }

  @Test
  void everyRegisteredRouteIsDocumentedWithItsMethodAndNoUnregisteredRouteIs() {
    Set<String> registered = new TreeSet<>();
    for (String[] route : server.server.registeredRoutes()) {
      String method = route[0].toUpperCase();
      if (HTTP_METHODS.contains(method) && !UNDOCUMENTED_METHODS.contains(method))
        registered.add(method + " " + route[1]);
    }
    Set<String> documented = new TreeSet<>();
    forEachOperation((key, op) -> documented.add(key));
    assertThat(registered).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
  }

  @Test
  void everyOperationHasAUniqueOperationIdASummaryADescriptionAndAResponse() {
    Set<String> ids = new HashSet<>();
    forEachOperation(
        (key, op) -> {
          String id = op.path("operationId").asText("");
          assertThat(id).as("operationId of %s", key).isNotBlank();
          assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
          assertThat(op.path("summary").asText("")).as("summary of %s", key).isNotBlank();
          assertThat(op.path("description").asText("")).as("description of %s", key).isNotBlank();
          assertThat(op.path("responses").size()).as("responses of %s", key).isPositive();
        });
  }

  @Test
  void everyReferenceResolvesInsideTheDocument() {
    List<String> refs = new ArrayList<>();
    walk(
        spec,
        node -> {
          JsonNode ref = node.get("$ref");
          if (ref != null && ref.isTextual()) refs.add(ref.asText());
        });
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(spec.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
    }
  }

  @Test
  void everyPathTemplateParameterIsDeclaredAsARequiredPathParameter() {
    Pattern param = Pattern.compile("\\{([^}]+)}");
    forEachOperation(
        (key, op) -> {
          String path = key.substring(key.indexOf(' ') + 1);
          Set<String> declared = new TreeSet<>();
          for (JsonNode p : op.path("parameters")) {
            JsonNode resolved = deref(p);
            if (resolved.path("in").asText().equals("path")) {
              assertThat(resolved.path("required").asBoolean()).as("%s required", key).isTrue();
              declared.add(resolved.path("name").asText());
            }
          }
          Set<String> inTemplate = new TreeSet<>();
          Matcher m = param.matcher(path);
          while (m.find()) inTemplate.add(m.group(1));
          assertThat(declared).as("path parameters of %s", key).isEqualTo(inTemplate);
        });
  }

  @Test
  void routesUnderV1AndApiRequireTheBearerKeyAndDocumentA401WhileHealthAndDocsAreOpen() {
    JsonNode scheme = spec.at("/components/securitySchemes/bearerAuth");
    assertThat(scheme.path("type").asText()).isEqualTo("http");
    assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    forEachOperation(
        (key, op) -> {
          String path = key.substring(key.indexOf(' ') + 1);
          JsonNode security = op.has("security") ? op.get("security") : spec.path("security");
          boolean keyed = false;
          for (JsonNode requirement : security) keyed |= requirement.has("bearerAuth");
          boolean api = path.startsWith("/v1/") || path.startsWith("/api/");
          assertThat(keyed).as("%s needs the bearer key", key).isEqualTo(api);
          assertThat(op.path("responses").has("401")).as("%s documents 401", key).isEqualTo(api);
        });
  }

  @Test
  void everyClientAndServerErrorResponseUsesTheOpenAiErrorSchema() {
    forEachOperation(
        (key, op) ->
            op.path("responses")
                .fields()
                .forEachRemaining(
                    e -> {
                      int status = Integer.parseInt(e.getKey());
                      if (status < 400 || status == 503) return;
                      JsonNode schema = deref(e.getValue()).at("/content/application~1json/schema");
                      assertThat(schema.toString())
                          .as("%s %s", key, status)
                          .contains(
                              key.equals("POST /v1/messages") // Anthropic's API, Anthropic's shape
                                  ? "#/components/schemas/MessagesError"
                                  : "#/components/schemas/Error");
                    }));
  }

  @Test
  void everyExampleInTheDescriptionMatchesItsOwnSchema() {
    List<String> problems = new ArrayList<>();
    int[] checked = {0};
    walk(
        spec,
        node -> {
          JsonNode examples = node.get("examples");
          if (examples != null && examples.isArray()) {
            for (JsonNode example : examples) {
              problems.addAll(violations(example, node, "schema example"));
              checked[0]++;
            }
          } else if (examples != null && examples.isObject() && node.has("schema")) {
            for (JsonNode example : examples) {
              problems.addAll(
                  violations(deref(example).get("value"), node.get("schema"), "example"));
              checked[0]++;
            }
          }
          if (node.has("example") && node.has("schema")) {
            problems.addAll(
                violations(node.get("example"), node.get("schema"), "parameter example"));
            checked[0]++;
          }
        });
    assertThat(checked[0]).isGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  @Test
  void liveResponsesHaveDocumentedStatusesAndBodiesThatMatchTheDocumentedSchemas()
      throws Exception {
    String model = TestServer.EMBEDDING_MODEL;
    documented("GET", "/healthz", server.get("/healthz", null));
    documented("GET", "/readyz", server.get("/readyz", null));
    documented("GET", "/version", server.get("/version", null));
    documented("GET", "/openapi.json", server.get("/openapi.json", null));
    documented("GET", "/docs", server.get("/docs", null));
    expect(302, "GET", "/", server.get("/", null));
    documented("GET", "/console", server.get("/console", null));
    documented("GET", "/console/{file}", server.get("/console/app.js", null));

    expect(200, "GET", "/v1/models", server.get("/v1/models", null));
    expect(200, "GET", "/v1/models/rag:handbook", server.get("/v1/models/rag:handbook", null));
    expect(200, "GET", "/v1/models/" + model, server.get("/v1/models/" + model, null));
    expect(404, "GET", "/v1/models/rag:nope", server.get("/v1/models/rag:nope", null));

    String embeddings = "/v1/embeddings";
    expect(
        200,
        "POST",
        embeddings,
        post(embeddings, "{\"model\":\"" + model + "\",\"input\":\"holiday\"}"));
    expect(
        200,
        "POST",
        embeddings,
        post(
            embeddings,
            "{\"model\":\""
                + model
                + "\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}"));
    expect(400, "POST", embeddings, post(embeddings, "{\"model\": "));
    expect(
        400, "POST", embeddings, post(embeddings, "{\"model\":\"" + model + "\",\"input\":[1,2]}"));
    expect(
        404,
        "POST",
        embeddings,
        post(embeddings, "{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}"));

    String chat = "/v1/chat/completions";
    String ask = "{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}";
    expect(
        200, "POST", chat, post(chat, "{\"model\":\"rag:handbook\",\"messages\":[" + ask + "]}"));
    expect(
        200,
        "POST",
        chat,
        post(
            chat,
            "{\"model\":\"rag:handbook\",\"n\":2,\"max_tokens\":3,\"response_format\":{\"type\":\"json_object\"},"
                + "\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
                + ask
                + "]}"));
    expect(400, "POST", chat, post(chat, "{\"model\":\"rag:handbook\",\"messages\":[]}"));
    expect(
        400,
        "POST",
        chat,
        post(chat, "{\"model\":\"rag:handbook\",\"tools\":[{}],\"messages\":[" + ask + "]}"));
    expect(
        400, "POST", chat, post(chat, "{\"model\":\"" + model + "\",\"messages\":[" + ask + "]}"));
    expect(404, "POST", chat, post(chat, "{\"model\":\"rag:nope\",\"messages\":[" + ask + "]}"));

    String messages = "/v1/messages";
    expect(
        400, "POST", messages, post(messages, "{\"model\":\"fast\",\"messages\":[" + ask + "]}"));
    expect(
        404,
        "POST",
        messages,
        post(messages, "{\"model\":\"nope\",\"max_tokens\":5,\"messages\":[" + ask + "]}"));

    expect(201, "POST", "/api/collections", post("/api/collections", "{\"name\":\"probe\"}"));
    expect(409, "POST", "/api/collections", post("/api/collections", "{\"name\":\"probe\"}"));
    expect(400, "POST", "/api/collections", post("/api/collections", "{\"name\":\"no spaces\"}"));
    expect(200, "GET", "/api/collections", server.get("/api/collections", null));
    expect(200, "GET", "/api/collections/probe", server.get("/api/collections/probe", null));
    expect(404, "GET", "/api/collections/nope", server.get("/api/collections/nope", null));
    String patch = "/api/collections/probe";
    expect(
        200, "PATCH", patch, server.send("PATCH", patch, null, "{\"generator\":\"extractive\"}"));
    expect(400, "PATCH", patch, server.send("PATCH", patch, null, "{\"generator\":\"gpt\"}"));
    expect(
        404,
        "PATCH",
        "/api/collections/nope",
        server.send("PATCH", "/api/collections/nope", null, "{\"generator\":\"extractive\"}"));

    String docs = "/api/collections/handbook/documents";
    expect(200, "GET", docs, server.get(docs, null));
    expect(200, "GET", docs, server.get(docs + "?limit=1&after=a", null));
    expect(400, "GET", docs, server.get(docs + "?limit=0", null));
    expect(
        404,
        "GET",
        "/api/collections/nope/documents",
        server.get("/api/collections/nope/documents", null));
    expect(200, "GET", docs + "/handbook.md", server.get(docs + "/handbook.md", null));
    expect(404, "GET", docs + "/nope", server.get(docs + "/nope", null));

    String probeDocs = "/api/collections/probe/documents";
    expect(415, "POST", probeDocs, raw("POST", probeDocs, "text/plain", "hello"));
    expect(403, "POST", probeDocs, post(probeDocs, "{\"path\":\"/tmp\"}"));
    Multipart noFile = new Multipart().field("id", "x");
    expect(400, "POST", probeDocs, raw("POST", probeDocs, noFile.contentType(), noFile.bytes()));
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    expect(415, "POST", probeDocs, server.upload("probe", null, "photo.png", png));
    expect(
        422,
        "POST",
        probeDocs,
        server.upload("probe", null, "broken.pdf", "not a pdf".getBytes(StandardCharsets.UTF_8)));
    expect(
        400,
        "POST",
        probeDocs,
        server.upload("probe", null, "notes.txt", bytes("notes"), "metadata", "[1]"));
    JsonNode job =
        expect(
                202,
                "POST",
                probeDocs,
                server.upload(
                    "probe",
                    null,
                    "notes.txt",
                    bytes("Parking is free."),
                    "metadata",
                    "{\"team\":\"ops\"}"))
            .json();
    String jobPath = "/api/jobs/" + job.path("id").asText();
    String status = "";
    for (int i = 0; i < 600 && !status.equals("succeeded") && !status.equals("failed"); i++) {
      status =
          expect(200, "GET", jobPath, server.get(jobPath, null)).json().path("status").asText();
      if (!status.equals("succeeded")) Thread.sleep(100);
    }
    assertThat(status).isEqualTo("succeeded");
    expect(200, "GET", "/api/jobs", server.get("/api/jobs", null));
    expect(404, "GET", "/api/jobs/job_nope", server.get("/api/jobs/job_nope", null));
    expect(200, "GET", probeDocs + "/notes.txt", server.get(probeDocs + "/notes.txt", null));

    String search = "/api/collections/handbook/search";
    expect(200, "POST", search, post(search, "{\"query\":\"paid holiday\"}"));
    expect(
        200,
        "POST",
        search,
        post(
            search,
            "{\"query\":\"holiday\",\"mode\":\"bm25\",\"k\":3,\"filter\":{\"format\":[\"md\"]}}"));
    expect(400, "POST", search, post(search, "{\"query\":\" \"}"));
    expect(400, "POST", search, post(search, "{\"query\":\"x\",\"mode\":\"fuzzy\"}"));
    expect(
        404,
        "POST",
        "/api/collections/nope/search",
        post("/api/collections/nope/search", "{\"query\":\"x\"}"));
    String askPath = "/api/collections/handbook/ask";
    expect(200, "POST", askPath, post(askPath, "{\"question\":\"" + QUESTION + "\"}"));
    expect(
        200, "POST", askPath, post(askPath, "{\"question\":\"What is the dress code on Mars?\"}"));
    expect(400, "POST", askPath, post(askPath, "{\"question\":\"\"}"));

    String evalPath = "/api/eval/answers";
    TestServer.Reply report =
        post(
            evalPath,
            "{\"collection\":\"handbook\",\"items\":[{\"id\":\"1\",\"question\":\""
                + QUESTION
                + "\",\"answers\":[\"25 days\"]},{\"id\":\"2\",\"question\":\"What is the"
                + " dress code on Mars?\",\"answerable\":false}]}");
    expect(200, "POST", evalPath, report);
    assertThat(report.json().at("/dataset/items").asInt()).isEqualTo(2);
    assertThat(dev.grounded.eval.gate.ReportSchema.violations(report.json())).isEmpty();
    expect(400, "POST", evalPath, post(evalPath, "{\"collection\":\"handbook\",\"items\":[]}"));
    TestServer.Reply evalJob =
        post(
            evalPath,
            "{\"collection\":\"handbook\",\"async\":true,\"items\":[{\"id\":\"1\",\"question\":\""
                + QUESTION
                + "\",\"answers\":[\"25 days\"]}]}");
    expect(202, "POST", evalPath, evalJob);
    String evalJobPath = "/api/jobs/" + evalJob.json().path("id").asText();
    JsonNode evaluated = null;
    for (int i = 0; i < 600; i++) {
      evaluated = expect(200, "GET", evalJobPath, server.get(evalJobPath, null)).json();
      if (!List.of("queued", "running").contains(evaluated.path("status").asText())) break;
      Thread.sleep(100);
    }
    assertThat(evaluated.path("status").asText()).isEqualTo("succeeded");
    assertThat(evaluated.at("/report/dataset/items").asInt()).isEqualTo(1);
    expect(200, "GET", "/api/jobs", server.get("/api/jobs", null));
    TestServer.Reply modelGenerator =
        post(
            evalPath,
            "{\"collection\":\"handbook\",\"generator\":\"model:gpt-x\",\"items\":[{\"id\":\"1\",\"question\":\"q\"}]}");
    expect(400, "POST", evalPath, modelGenerator);
    assertThat(modelGenerator.json().at("/error/param").asText()).isEqualTo("generator");
    expect(
        404,
        "POST",
        evalPath,
        post(evalPath, "{\"collection\":\"nope\",\"items\":[{\"id\":\"1\",\"question\":\"q\"}]}"));
    String gatePath = "/api/eval/gate";
    String reportJson = report.json().toString();
    TestServer.Reply gate =
        post(
            gatePath,
            "{\"baseline\":"
                + reportJson
                + ",\"current\":"
                + reportJson
                + ",\"max_drop\":\"faithfulness=0.02\"}");
    expect(200, "POST", gatePath, gate);
    assertThat(gate.json().get("passed").asBoolean()).isTrue();
    expect(
        400,
        "POST",
        gatePath,
        post(
            gatePath,
            "{\"baseline\":"
                + reportJson
                + ",\"current\":"
                + reportJson
                + ",\"max_drop\":\"ndgc@10=0.01\"}"));

    expect(200, "DELETE", probeDocs + "/notes.txt", server.delete(probeDocs + "/notes.txt", null));
    expect(404, "DELETE", probeDocs + "/notes.txt", server.delete(probeDocs + "/notes.txt", null));
    expect(200, "DELETE", "/api/collections/probe", server.delete("/api/collections/probe", null));
    expect(404, "DELETE", "/api/collections/probe", server.delete("/api/collections/probe", null));

    TestServer.Reply wrongMethod = server.send("PUT", "/v1/models", null, "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(violations(wrongMethod.json(), ref("schemas/Error"), "405")).isEmpty();
    assertThat(server.errorLog()).as("no request failed unexpectedly").isEmpty();
  }

  @Test
  void streamedAnswersAndCompletionsSendTheDocumentedEvents() {
    String askPath = "/api/collections/handbook/ask";
    JsonNode askStream =
        responseSchema("POST", askPath, 200, "text/event-stream").path("x-sse-events");
    assertThat(askStream.isObject()).isTrue();
    for (TestServer.Reply reply :
        List.of(
            post(askPath, "{\"question\":\"" + QUESTION + "\",\"stream\":true}"),
            raw(
                "POST",
                askPath,
                "application/json",
                "{\"question\":\"" + QUESTION + "\"}",
                "text/event-stream"))) {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).startsWith("text/event-stream");
      List<String[]> events = events(reply.body());
      assertThat(events).isNotEmpty();
      assertThat(events.getLast()).containsExactly("done", "[DONE]");
      assertThat(events.stream().filter(e -> e[0].equals("citations")).count()).isEqualTo(1);
      for (String[] e : events) {
        JsonNode schema = askStream.get(e[0]);
        assertThat(schema).as("event %s is documented", e[0]).isNotNull();
        JsonNode data =
            e[1].equals("[DONE]") ? Json.MAPPER.getNodeFactory().textNode(e[1]) : parse(e[1]);
        assertThat(violations(data, schema, "event " + e[0])).isEmpty();
      }
    }

    String chat = "/v1/chat/completions";
    assertThat(responseSchema("POST", chat, 200, "text/event-stream").isMissingNode()).isFalse();
    TestServer.Reply reply =
        post(
            chat,
            "{\"model\":\"rag:handbook\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\""
                + QUESTION
                + "\"}]}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/event-stream");
    List<String[]> events = events(reply.body());
    assertThat(events.getLast()[1]).isEqualTo("[DONE]");
    JsonNode chunk = ref("schemas/ChatCompletionChunk");
    List<JsonNode> chunks = new ArrayList<>();
    for (String[] e : events.subList(0, events.size() - 1)) {
      assertThat(e[0]).as("chat chunks have no event name").isNull();
      JsonNode data = parse(e[1]);
      assertThat(violations(data, chunk, "chunk")).isEmpty();
      chunks.add(data);
    }
    assertThat(chunks.getLast().has("grounded")).isTrue();
    assertThat(chunks.stream().filter(c -> c.path("usage").isObject()).count()).isEqualTo(1);
  }

  @Test
  void theDocsPageIsServedAsSelfContainedHtmlThatRendersTheDescription() {
    TestServer.Reply page = server.get("/docs", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<html").contains("/openapi.json").contains("<script>");
    assertThat(page.body())
        .doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
        .doesNotContain("@import")
        .doesNotContain("<script src")
        .doesNotContain("<link");
  }

  // ---------------------------------------------------------------------------------------------

  /** Each operation as ("METHOD /path", operation object). */
  private static void forEachOperation(BiConsumer<String, JsonNode> action) {
    spec.path("paths")
        .fields()
        .forEachRemaining(
            path -> {
              for (String key : OPERATION_KEYS) {
                JsonNode op = path.getValue().get(key);
                if (op != null) action.accept(key.toUpperCase() + " " + path.getKey(), op);
              }
            });
  }

  /** The documented operation whose path template matches a concrete path (query ignored). */
  private static JsonNode operation(String method, String concretePath) {
    String path =
        concretePath.contains("?")
            ? concretePath.substring(0, concretePath.indexOf('?'))
            : concretePath;
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String regex = "\\Q" + e.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      if (path.matches(regex) && e.getValue().has(method.toLowerCase()))
        return e.getValue().get(method.toLowerCase());
    }
    return MissingNode.getInstance();
  }

  private static JsonNode responseSchema(String method, String path, int status, String type) {
    JsonNode response =
        deref(operation(method, path).path("responses").path(String.valueOf(status)));
    return deref(response.path("content").path(type).path("schema"));
  }

  /** The reply's status is documented for the operation, and a JSON body matches its schema. */
  private static TestServer.Reply documented(String method, String path, TestServer.Reply reply) {
    JsonNode op = operation(method, path);
    assertThat(op.isMissingNode()).as("%s %s is documented", method, path).isFalse();
    JsonNode response = deref(op.path("responses").path(String.valueOf(reply.status())));
    assertThat(response.isMissingNode())
        .as(
            "%s %s answered %s, which is not documented: %s",
            method, path, reply.status(), reply.body())
        .isFalse();
    if (reply.contentType().startsWith("application/json")) {
      JsonNode schema = response.at("/content/application~1json/schema");
      assertThat(schema.isMissingNode())
          .as("%s %s %s documents a JSON body", method, path, reply.status())
          .isFalse();
      assertThat(violations(reply.json(), schema, method + " " + path + " " + reply.status()))
          .as("body %s", reply.body())
          .isEmpty();
    } else if (!reply.body().isEmpty()) {
      String type = reply.contentType().replaceAll(";.*", "").trim();
      assertThat(response.path("content").has(type))
          .as("%s %s %s documents %s", method, path, reply.status(), type)
          .isTrue();
    }
    return reply;
  }

  @Test
  void theRegistryRoutesAnswerAsDocumented() {
    String base = "/api/prompts";
    String v1 =
        "{\"name\":\"doc-probe\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"Hi {{x}}\"}],\"config\":{\"model\":\"m\",\"temperature\":0.2}}";
    expect(201, "POST", base, post(base, v1));
    expect(
        201,
        "POST",
        base,
        post(base, "{\"name\":\"doc-probe\",\"text\":\"Bye {{x}}\",\"labels\":[\"staging\"]}"));
    expect(400, "POST", base, post(base, "{\"name\":\"doc-probe\"}"));
    expect(200, "GET", base, server.get(base, null));
    expect(200, "GET", base + "/doc-probe", server.get(base + "/doc-probe", null));
    expect(200, "GET", base + "/grounded.answer", server.get(base + "/grounded.answer", null));
    expect(404, "GET", base + "/nope", server.get(base + "/nope", null));
    String v = base + "/doc-probe/versions/1";
    expect(200, "GET", v, server.get(v, null));
    expect(
        404,
        "GET",
        base + "/doc-probe/versions/9",
        server.get(base + "/doc-probe/versions/9", null));
    expect(
        400,
        "GET",
        base + "/doc-probe/versions/x",
        server.get(base + "/doc-probe/versions/x", null));
    String diff = base + "/doc-probe/diff?from=1&to=2";
    expect(200, "GET", diff, server.get(diff, null));
    String label = base + "/doc-probe/labels/production";
    expect(
        200,
        "PUT",
        label,
        server.send(
            "PUT", label, null, "{\"version\":1,\"split\":{\"version\":2,\"percent\":10}}"));
    expect(400, "PUT", label, server.send("PUT", label, null, "{\"version\":\"one\"}"));
    expect(200, "POST", label + "/rollback", post(label + "/rollback", null));
    expect(409, "POST", label + "/rollback", post(label + "/rollback", null));
    expect(200, "GET", "/api/aliases", server.get("/api/aliases", null));
    expect(
        400,
        "POST",
        "/api/aliases",
        post("/api/aliases", "{\"name\":\"nope\",\"targets\":[\"p/m\"]}"));
  }

  private static TestServer.Reply expect(
      int status, String method, String path, TestServer.Reply reply) {
    assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(status);
    return documented(method, path, reply);
  }

  private static TestServer.Reply post(String path, String json) {
    return server.post(path, null, json);
  }

  private static TestServer.Reply raw(
      String method, String path, String type, Object body, String... accept) {
    byte[] bytes =
        body instanceof byte[] b ? b : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    var b =
        HttpRequest.newBuilder(URI.create(server.url(path)))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", type)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (accept.length > 0) b.header("Accept", accept[0]);
    return server.reply(b.build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String json) {
    return new TestServer.Reply(200, json, "application/json").json();
  }

  /** Server-sent events as (event name or null, data). */
  private static List<String[]> events(String body) {
    List<String[]> out = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) continue;
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) name = line.substring(7);
        else if (line.startsWith("data: ")) {
          if (!data.isEmpty()) data.append('\n');
          data.append(line.substring(6));
        }
      }
      out.add(new String[] {name, data.toString()});
    }
    return out;
  }

  private static JsonNode ref(String componentPath) {
    return spec.at("/components/" + componentPath);
  }

  private static JsonNode deref(JsonNode node) {
    for (int i = 0; i < 20 && node != null && node.has("$ref"); i++)
      node = spec.at(node.get("$ref").asText().substring(1));
    return node == null ? MissingNode.getInstance() : node;
  }

  /** Every object node of a tree, depth first. */
  private static void walk(JsonNode node, Consumer<JsonNode> visit) {
    if (node.isObject()) visit.accept(node);
    if (node.isContainerNode()) for (JsonNode child : node) walk(child, visit);
  }

  /**
   * A small JSON Schema (2020-12 subset) check: $ref, oneOf/anyOf, const, enum, type, properties,
   * required, additionalProperties, propertyNames, items, and the numeric, length and size bounds.
   */
  static List<String> violations(JsonNode value, JsonNode schema, String at) {
    List<String> out = new ArrayList<>();
    check(value, schema, at, out);
    return out;
  }

  private static void check(JsonNode v, JsonNode schema, String at, List<String> out) {
    JsonNode s = deref(schema);
    if (s.isMissingNode()) {
      out.add(at + ": no schema");
      return;
    }
    if (v == null) {
      out.add(at + ": missing value");
      return;
    }
    JsonNode alternatives = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
    if (alternatives != null) {
      boolean any = false;
      for (JsonNode alt : alternatives) any |= violations(v, alt, at).isEmpty();
      if (!any) out.add(at + ": matches no alternative: " + v);
    }
    if (s.has("const") && !same(s.get("const"), v))
      out.add(at + ": not " + s.get("const") + ": " + v);
    if (s.has("enum")) {
      boolean listed = false;
      for (JsonNode option : s.get("enum")) listed |= same(option, v);
      if (!listed) out.add(at + ": " + v + " not in " + s.get("enum"));
    }
    if (s.has("type")) {
      boolean typed = false;
      if (s.get("type").isArray()) for (JsonNode t : s.get("type")) typed |= isType(v, t.asText());
      else typed = isType(v, s.get("type").asText());
      if (!typed) {
        out.add(at + ": not " + s.get("type") + ": " + v);
        return;
      }
    }
    if (v.isObject()) {
      JsonNode props = s.path("properties");
      for (JsonNode required : s.path("required"))
        if (!v.has(required.asText()))
          out.add(at + ": missing required '" + required.asText() + "'");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String where = at + "." + f.getKey();
        if (props.has(f.getKey())) check(f.getValue(), props.get(f.getKey()), where, out);
        else if (s.path("additionalProperties").isObject())
          check(f.getValue(), s.get("additionalProperties"), where, out);
        else if (s.path("additionalProperties").isBoolean()
            && !s.get("additionalProperties").asBoolean()) out.add(where + ": not allowed");
        String names = s.path("propertyNames").path("pattern").asText(null);
        if (names != null && !Pattern.compile(names).matcher(f.getKey()).find())
          out.add(where + ": name does not match " + names);
      }
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").asInt())
        out.add(at + ": too few items");
      if (s.has("maxItems") && v.size() > s.get("maxItems").asInt())
        out.add(at + ": too many items");
      if (s.has("items"))
        for (int i = 0; i < v.size(); i++) check(v.get(i), s.get("items"), at + "[" + i + "]", out);
    }
    if (v.isTextual()) {
      int length = v.asText().codePointCount(0, v.asText().length());
      if (s.has("minLength") && length < s.get("minLength").asInt()) out.add(at + ": too short");
      if (s.has("maxLength") && length > s.get("maxLength").asInt()) out.add(at + ": too long");
      if (s.has("pattern")
          && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find())
        out.add(at + ": '" + v.asText() + "' does not match " + s.get("pattern").asText());
    }
    if (v.isNumber()) {
      if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble())
        out.add(at + ": below minimum");
      if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble())
        out.add(at + ": above maximum");
    }
  }

  private static boolean same(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber())
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    return expected.equals(actual);
  }

  private static boolean isType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" ->
          v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> false;
    };
  }
}
