package dev.grounded.gateway.routing;

import static dev.grounded.gateway.routing.AliasRouterTest.request;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.answer;
import static dev.grounded.gateway.upstream.FakeOpenAiUpstream.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.gateway.Gateway;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.provider.OpenAiCompatibleProvider;
import dev.grounded.gateway.provider.ProviderConfig;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierRouterTest {
  private static final String[] NAMES = {"Paris", "Newton", "Amazon", "Tokyo", "Beyonce", "Rome"};

  /**
   * Separable: strong prompts are long arithmetic word problems, cheap ones short who-questions.
   */
  static List<String> prompts(int n, boolean strong, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = NAMES[r.nextInt(NAMES.length)];
      out.add(
          strong
              ? "How many years passed between "
                  + (1000 + r.nextInt(900))
                  + " and "
                  + (1900 + r.nextInt(100))
                  + " if the treaty signed in "
                  + name
                  + " counted "
                  + r.nextInt(50)
                  + " months twice, and what follows from that?"
              : "Who is " + name + "?");
    }
    return out;
  }

  static RouterModel trainOn(List<String> cheap, List<String> strong) {
    List<double[]> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (String p : cheap) {
      x.add(PromptFeatures.vector(p, new float[0]));
      y.add(false);
    }
    for (String p : strong) {
      x.add(PromptFeatures.vector(p, new float[0]));
      y.add(true);
    }
    return RouterModel.train(x, y, "", 0, 1e-3);
  }

  @Test
  void trainingLearnsASeparableSetAndIsDeterministic(@TempDir Path dir) throws Exception {
    RouterModel a = trainOn(prompts(40, false, 1), prompts(40, true, 2));
    RouterModel b = trainOn(prompts(40, false, 1), prompts(40, true, 2));
    assertThat(a.weights()).containsExactly(b.weights());
    assertThat(a.bias()).isEqualTo(b.bias());
    // held out: other draws of the same two kinds
    for (String p : prompts(20, false, 3)) assertThat(a.probability(p, null)).isLessThan(0.5);
    for (String p : prompts(20, true, 4)) assertThat(a.probability(p, null)).isGreaterThan(0.5);
    Path file = dir.resolve("router.json");
    a.write(file);
    RouterModel read = RouterModel.read(file);
    assertThat(read.weights()).containsExactly(a.weights());
    assertThat(read.probability("Who is Rome?", null))
        .isEqualTo(a.probability("Who is Rome?", null));
    assertThat(read.embedding()).isEmpty();
  }

  @Test
  void trainingNeedsBothClassesAndAModelFileMustBeOne(@TempDir Path dir) throws Exception {
    List<String> cheap = prompts(5, false, 1);
    assertThatThrownBy(() -> trainOn(cheap, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both classes");
    Path bad = dir.resolve("x.json");
    Files.writeString(bad, "{\"schema\":\"grounded-eval/1\"}");
    assertThatThrownBy(() -> RouterModel.read(bad))
        .hasMessageContaining("x.json")
        .hasMessageContaining("not a router model");
  }

  @Test
  void theRouterSendsCheapOrStrongByTheThreshold() {
    RouterModel model = trainOn(prompts(40, false, 1), prompts(40, true, 2));
    String hard = prompts(1, true, 9).getFirst();
    double p = model.probability(hard, null);
    Alias small =
        new Alias("small", List.of(new WeightedTarget(new Target("a", "m-small"), 1)), List.of());
    Alias big =
        new Alias("big", List.of(new WeightedTarget(new Target("b", "m-big"), 1)), List.of());
    AliasRouter aliases = new AliasRouter(List.of(small, big), List.of(), new Random(1));
    Router below =
        new ClassifierRouter(
            aliases,
            List.of(new ClassifiedAlias("auto", model, "small", "big", p - 1e-9)),
            PromptEmbedder.NONE);
    Router above =
        new ClassifierRouter(
            aliases,
            List.of(new ClassifiedAlias("auto", model, "small", "big", Math.min(1, p + 1e-9))),
            PromptEmbedder.NONE);
    assertThat(below.route(request("auto", hard))).containsExactly(new Target("b", "m-big"));
    assertThat(above.route(request("auto", hard))).containsExactly(new Target("a", "m-small"));
    assertThat(below.route(request("auto", "Who is Paris?")))
        .containsExactly(new Target("a", "m-small"));
    // other models are the delegate's
    assertThat(below.route(request("big", "Who is Paris?")))
        .containsExactly(new Target("b", "m-big"));
  }

  @Test
  void aModelTrainedWithAnEmbeddingUsesTheEmbedderAndChecksItsDimensions() {
    int dims = 4;
    List<double[]> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      boolean strong = i % 2 == 0;
      // same text, only the embedding separates the classes
      x.add(PromptFeatures.vector("Why?", new float[] {strong ? 1 : -1, 0, 0, i / 20f}));
      y.add(strong);
    }
    RouterModel m = RouterModel.train(x, y, "test-embedding", dims, 1e-3);
    assertThat(m.probability("Why?", t -> new float[] {1, 0, 0, 0})).isGreaterThan(0.9);
    assertThat(m.probability("Why?", t -> new float[] {-1, 0, 0, 0})).isLessThan(0.1);
    assertThatThrownBy(() -> m.probability("Why?", t -> new float[3]))
        .hasMessageContaining("4-dimensional test-embedding");
  }

  @Test
  void theGatewaySendsEachPromptToTheUpstreamOfItsClass() throws Exception {
    RouterModel model = trainOn(prompts(40, false, 1), prompts(40, true, 2));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    try (FakeOpenAiUpstream cheap = new FakeOpenAiUpstream(sequence(answer("c")));
        FakeOpenAiUpstream strong = new FakeOpenAiUpstream(sequence(answer("s")))) {
      Alias small =
          new Alias("small", List.of(new WeightedTarget(new Target("a", "m-small"), 1)), List.of());
      Alias big =
          new Alias("big", List.of(new WeightedTarget(new Target("b", "m-big"), 1)), List.of());
      Gateway g =
          Gateway.builder()
              .router(
                  new ClassifierRouter(
                      new AliasRouter(List.of(small, big), List.of(), new Random(1)),
                      List.of(new ClassifiedAlias("auto", model, "small", "big", 0.5)),
                      PromptEmbedder.NONE))
              .providers(
                  List.of(
                      new OpenAiCompatibleProvider(
                          new ProviderConfig("a", cheap.baseUrl(), "", Duration.ofSeconds(5)),
                          http,
                          Map.of()),
                      new OpenAiCompatibleProvider(
                          new ProviderConfig("b", strong.baseUrl(), "", Duration.ofSeconds(5)),
                          http,
                          Map.of())))
              .build();
      for (String p : prompts(3, false, 5)) g.chat(request("auto", p));
      for (String p : prompts(2, true, 6)) g.chat(request("auto", p));
      assertThat(cheap.count()).isEqualTo(3);
      assertThat(strong.count()).isEqualTo(2);
      assertThat(strong.requests.getFirst().path("model").asText()).isEqualTo("m-big");
    }
  }
}
