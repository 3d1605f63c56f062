package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.QuoteVerifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server's answers weigh the question's words by the searched collection's statistics, as
 * {@code grounded ask} does, so the same question gets the same confidence from both.
 */
class AnswerStatisticsTest {
  @Test
  void anAskIsBuiltWithTheStatisticsOfTheCollectionItSearches() {
    // IDFs read while the request holds the searcher: tractor (farm), kettle (kitchen)
    List<double[]> seen = new CopyOnWriteArrayList<>();
    try (TestServer server =
        TestServer.answering(
            TestServer.temp("grounded-stats"),
            (retriever, stats) -> {
              seen.add(new double[] {stats.idf("tractor"), stats.idf("kettle")});
              return new Asker(
                  TestServer.embedder(),
                  retriever,
                  new ExtractiveGenerator(TestServer.embedder(), ExtractiveOptions.DEFAULTS, stats),
                  new QuoteVerifier());
            })) {
      server.seed(
          null,
          "farm",
          "farm.txt",
          "The cooperative owns two tractors. Tractors plough the fields.");
      server.seed(null, "kitchen", "kitchen.txt", "The kettle boils water in three minutes.");
      TestServer.Reply reply =
          server.post(
              "/v1/chat/completions",
              null,
              "{\"model\":\"rag:farm\",\"messages\":[{\"role\":\"user\",\"content\":"
                  + "\"How many tractors does the cooperative own?\"}]}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().at("/choices/0/message/content").asText()).contains("two tractors");
      assertThat(seen).isNotEmpty();
      double[] farm = seen.getLast();
      // the farm collection's statistics (not none): its words are common, the kitchen's absent
      assertThat(farm[0]).isFinite();
      assertThat(farm[1]).isGreaterThan(farm[0]);
    }
  }
}
