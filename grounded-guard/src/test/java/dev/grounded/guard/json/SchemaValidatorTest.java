package dev.grounded.guard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PERSON =
      """
      {"type": "object", "required": ["name", "age"], "additionalProperties": false,
       "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0},
                      "tags": {"type": "array", "items": {"type": "string"}}}}
      """;

  private final SchemaValidator validator = new SchemaValidator();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void aValidValueHasNoViolations() throws Exception {
    assertThat(validator.validate(json(PERSON), json("{\"name\": \"Ada\", \"age\": 36}")))
        .isEmpty();
  }

  @Test
  void violationsNameThePathAndWhatIsWrong() throws Exception {
    var v =
        validator.validate(
            json(PERSON), json("{\"name\": 5, \"tags\": [\"x\", 2], \"extra\": true}"));
    assertThat(v).extracting(SchemaValidator.Violation::path).contains("/name", "/tags/1", "");
    assertThat(v.toString())
        .contains("/name: integer found, string expected")
        .contains("(root): required property 'age' not found")
        .contains("'extra'");
  }

  @Test
  void anInvalidSchemaIsRefusedNamingTheProblem() {
    assertThatThrownBy(() -> validator.check(json("{\"type\": \"objekt\"}")))
        .isInstanceOf(SchemaValidator.InvalidSchemaException.class)
        .hasMessageContaining("/type");
    assertThatThrownBy(() -> validator.check(json("{\"required\": \"name\"}")))
        .hasMessageContaining("/required: string found, array expected");
    assertThatThrownBy(() -> validator.check(json("[1]")))
        .hasMessageContaining("must be a JSON object or a boolean");
  }

  @Test
  void aRemoteRefIsRefusedWithoutBeingFetched() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          byte[] b = "{\"type\": \"string\"}".getBytes();
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/s.json";
      assertThatThrownBy(() -> validator.check(json("{\"$ref\": \"" + url + "\"}")))
          .isInstanceOf(SchemaValidator.InvalidSchemaException.class)
          .hasMessageContaining("cannot be compiled");
      assertThat(hits).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void localRefsAndBooleanSchemasWork() throws Exception {
    JsonNode schema =
        json(
            "{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"type\": \"array\","
                + " \"items\": {\"$ref\": \"#/$defs/n\"}}");
    assertThat(validator.validate(schema, json("[1, 2]"))).isEmpty();
    assertThat(validator.validate(schema, json("[1, \"x\"]")))
        .extracting(SchemaValidator.Violation::path)
        .containsExactly("/1");
    assertThat(validator.validate(json("true"), json("{\"any\": 1}"))).isEmpty();
    assertThat(validator.validate(json("false"), json("{}"))).hasSize(1);
  }

  @Test
  void aSmallCacheStillValidatesTheSchemasItEvicted() throws Exception {
    SchemaValidator small = new SchemaValidator(2);
    for (int round = 0; round < 2; round++)
      for (int i = 0; i < 5; i++) {
        JsonNode schema = json("{\"type\": \"integer\", \"maximum\": " + i + "}");
        assertThat(small.validate(schema, json(String.valueOf(i)))).isEmpty();
        assertThat(small.validate(schema, json(String.valueOf(i + 1)))).hasSize(1);
      }
  }

  @Test
  void oneCompiledSchemaGivesTheSameAnswersToManyThreadsAtOnce() throws Exception {
    JsonNode schema = json(PERSON);
    JsonNode good = json("{\"name\": \"Ada\", \"age\": 36}");
    JsonNode bad = json("{\"name\": 5, \"tags\": [\"x\", 2]}");
    int expectedBad = validator.validate(schema, bad).size();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
      for (int t = 0; t < 8; t++)
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++)
                    if (!validator.validate(schema, good).isEmpty()
                        || validator.validate(schema, bad).size() != expectedBad) return false;
                  return true;
                }));
      for (var r : results) assertThat(r.get()).isTrue();
    }
    assertThat(expectedBad).isEqualTo(3);
  }
}
