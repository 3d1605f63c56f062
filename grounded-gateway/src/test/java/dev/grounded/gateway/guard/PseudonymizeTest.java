package dev.grounded.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.ChatResponse;
import dev.grounded.gateway.chain.Deadline;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import dev.grounded.guard.Action;
import dev.grounded.guard.GuardPolicy;
import dev.grounded.guard.GuardRule;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.RegexGuard;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reversible pseudonymization through a real gateway: the upstream (a fake that repeats the user's
 * message back) sees placeholders, the caller gets the original values back, whole or streamed.
 */
@Timeout(10)
class PseudonymizeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Guardrails GUARDRAILS =
      new Guardrails(
          List.of(
              RegexGuard.of("pii.email", "[\\w.+-]+@[\\w-]+\\.\\w+", Severity.MEDIUM),
              RegexGuard.of("secret.api_key", "sk-[A-Za-z0-9]{20,}", Severity.HIGH)),
          GuardPolicy.withRules(
              List.of(
                  GuardRule.of(
                      "pseudonymize-pii",
                      List.of("pii"),
                      Set.of(Source.INPUT),
                      Action.PSEUDONYMIZE))));

  final FakeOpenAiUpstream fake;
  final Gateway gateway;

  PseudonymizeTest() throws IOException {
    fake =
        new FakeOpenAiUpstream(
            (n, req) ->
                FakeOpenAiUpstream.answer(
                    "You wrote: " + req.at("/messages/0/content").asText() + " (done)"));
    gateway =
        Gateway.builder()
            .provider(
                new OpenAiCompatibleProvider(
                    new ProviderConfig("fake", fake.baseUrl(), "", Duration.ofSeconds(5)),
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build(),
                    Map.of()))
            .guard(new GuardInterceptor(GUARDRAILS, e -> {}, 16))
            .build();
  }

  @AfterEach
  void close() throws IOException {
    fake.close();
  }

  ChatRequest request(boolean stream, String text) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", text);
    return new ChatRequest(
        body, RequestMetadata.anonymous("r"), Deadline.after(Duration.ofSeconds(5)));
  }

  static final String TEXT =
      "mail ada@example.org and bob@corp.io, again ada@example.org; key sk-abcdefghijklmnopqrstuvwx";

  @Test
  void theUpstreamSeesPlaceholdersAndTheCallerTheValues() {
    ChatResponse.Completion c = (ChatResponse.Completion) gateway.chat(request(false, TEXT));
    String sent = fake.requests.getLast().at("/messages/0/content").asText();
    assertThat(sent)
        .isEqualTo("mail <EMAIL_1> and <EMAIL_2>, again <EMAIL_1>; key [SECRET]")
        .doesNotContain("example.org");
    assertThat(c.body().at("/choices/0/message/content").asText())
        .isEqualTo(
            "You wrote: mail ada@example.org and bob@corp.io, again ada@example.org; key [SECRET]"
                + " (done)");
  }

  @Test
  void aStreamedAnswerIsRestoredEvenWhenAPlaceholderIsCutAcrossChunks() {
    // the fake streams one word per chunk: "<EMAIL_1>" arrives in one piece, "<EMAIL_2>," too;
    // the restorer also holds back a tail that could start a placeholder
    String streamed = GuardInterceptorTest.drain(gateway.chat(request(true, TEXT)));
    assertThat(streamed)
        .isEqualTo(
            "You wrote: mail ada@example.org and bob@corp.io, again ada@example.org; key [SECRET]"
                + " (done)");
  }
}
