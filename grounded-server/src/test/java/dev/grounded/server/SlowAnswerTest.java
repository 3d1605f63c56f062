package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.answer.Asker;
import dev.grounded.answer.ExtractiveGenerator;
import dev.grounded.answer.ExtractiveOptions;
import dev.grounded.answer.Generator;
import dev.grounded.answer.QuoteVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The body timeout ({@code server.body_timeout}) is for clients that stop sending, not for answers
 * that take long: a generator slower than the timeout still gets its reply out, streamed or not.
 */
class SlowAnswerTest {
  @Test
  void anAnswerSlowerThanTheBodyTimeoutIsStillDelivered() {
    ServerConfig config =
        ServerConfig.loopback()
            .withLimits(RequestLimits.DEFAULTS.withBodyTimeout(Duration.ofMillis(500)));
    try (TestServer server =
        new TestServer(
            TestServer.temp("grounded-slow"),
            config,
            retriever -> {
              Generator fast =
                  new ExtractiveGenerator(TestServer.embedder(), ExtractiveOptions.DEFAULTS);
              Generator slow =
                  (question, context) -> {
                    try {
                      Thread.sleep(2_000); // four body timeouts without a byte either way
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return fast.generate(question, context);
                  };
              return new Asker(TestServer.embedder(), retriever, slow, new QuoteVerifier());
            })) {
      server.seed(null, "kettle", "kettle.txt", "The kettle boils water in three minutes.");
      String chat =
          "{\"model\":\"rag:kettle\",\"messages\":[{\"role\":\"user\",\"content\":"
              + "\"How long does the kettle take?\"}]";
      TestServer.Reply plain = server.post("/v1/chat/completions", null, chat + "}");
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.json().at("/choices/0/message/content").asText()).isNotBlank();
      TestServer.Reply streamed =
          server.post("/v1/chat/completions", null, chat + ",\"stream\":true}");
      assertThat(streamed.status()).isEqualTo(200);
      assertThat(streamed.body()).contains("[DONE]");
    }
  }
}
