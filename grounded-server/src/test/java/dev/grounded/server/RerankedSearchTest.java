package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.embed.OnnxCrossEncoder;
import dev.grounded.embed.TinyCrossEncoder;
import dev.grounded.index.Reranker;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a reranker (the tiny ONNX cross-encoder the tests write) reranks hybrid hits. */
class RerankedSearchTest {
  @TempDir Path tmp;

  @Test
  void hybridSearchesAndAnswersAreRerankedOtherModesAreNot() throws Exception {
    AtomicInteger reranked = new AtomicInteger();
    try (OnnxCrossEncoder encoder =
        OnnxCrossEncoder.load(TinyCrossEncoder.write(tmp.resolve("ce")), 1)) {
      Reranker counting =
          (query, hits) -> {
            reranked.incrementAndGet();
            return Reranker.scoring(encoder::score).rerank(query, hits);
          };
      try (TestServer server =
          new TestServer(tmp.resolve("data"), ServerConfig.loopback(), null, counting)) {
        server.seed(null, "zoo", "owls.txt", "Owls hunt at night. Owls eat mice and voles.");
        server.seed(null, "zoo", "bees.txt", "Bees make honey from the nectar of flowers.");
        JsonNode first =
            server
                .post(
                    "/api/collections/zoo/search", null, "{\"query\":\"what do owls eat\",\"k\":2}")
                .json();
        assertThat(first.path("reranked").asBoolean()).isTrue();
        assertThat(first.path("rerank_depth").asInt())
            .isEqualTo(dev.grounded.index.RetrievalSettings.DEFAULT_RERANK_DEPTH);
        JsonNode hits = first.get("data");
        assertThat(hits.get(0).get("document_id").asText()).isEqualTo("owls.txt");
        double expected =
            encoder
                .score(
                    "what do owls eat",
                    java.util.List.of("Owls hunt at night. Owls eat mice and voles."))[0];
        assertThat(hits.get(0).get("score").asDouble())
            .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(reranked).hasValue(1);
        JsonNode bm25 =
            server
                .post("/api/collections/zoo/search", null, "{\"query\":\"owls\",\"mode\":\"bm25\"}")
                .json();
        assertThat(reranked).as("bm25 is not reranked").hasValue(1);
        assertThat(bm25.path("reranked").asBoolean()).isFalse();
        JsonNode fused =
            server
                .post(
                    "/api/collections/zoo/search",
                    null,
                    "{\"query\":\"what do owls eat\",\"k\":2,\"rerank\":false}")
                .json();
        assertThat(reranked).as("rerank false: fusion order").hasValue(1);
        assertThat(fused.path("reranked").asBoolean()).isFalse();
        assertThat(fused.at("/data/0/score").asDouble())
            .as("a fusion score, not the cross-encoder's")
            .isNotCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
        TestServer.Reply ask =
            server.post("/api/collections/zoo/ask", null, "{\"question\":\"What do owls eat?\"}");
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("mice");
        assertThat(reranked).hasValue(2);
        TestServer.Reply eval =
            server.post(
                "/api/eval/answers",
                null,
                "{\"collection\":\"zoo\",\"items\":[{\"id\":\"1\",\"question\":\"What do owls eat?\",\"answers\":[\"mice\"]}]}");
        assertThat(eval.status()).as(eval.body()).isEqualTo(200);
        assertThat(eval.json().at("/config/rerank_depth").asInt())
            .as("the report says it was reranked")
            .isEqualTo(dev.grounded.index.RetrievalSettings.DEFAULT_RERANK_DEPTH);
        assertThat(server.errorLog()).isEmpty();
      }
    }
  }
}
