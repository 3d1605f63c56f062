package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** routers.<name> in grounded.yaml: a trained classifier routing a model name in serve. */
class RouterServeTest {
  @TempDir Path tmp;

  private static final String HARD =
      "How many years passed between 1215 and 1990 if the treaty signed in Tokyo counted 12"
          + " months twice, and what follows from that?";

  private Path train(boolean embedding) throws Exception {
    Path cheap = RouteTrainTest.report(tmp.resolve("cheap.json"), 60, false, "");
    Path strong = RouteTrainTest.report(tmp.resolve("strong.json"), 60, true, "");
    Path out = tmp.resolve("conf/router.json");
    Cli r =
        embedding
            ? Cli.run(
                "route", "train", "--cheap", cheap + "", "--strong", strong + "", "--out", out + "")
            : Cli.run(
                "route",
                "train",
                "--cheap",
                cheap + "",
                "--strong",
                strong + "",
                "--out",
                out + "",
                "--no-embedding");
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  private Path yaml(String text) throws Exception {
    Path f = tmp.resolve("conf/grounded.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static String models(String cheapUrl, String strongUrl) {
    return "providers:\n  c:\n    base_url: "
        + cheapUrl
        + "\n  s:\n    base_url: "
        + strongUrl
        + "\nmodels:\n  small:\n    provider: c\n    model: m-small\n"
        + "  big:\n    provider: s\n    model: m-big\n";
  }

  private static String error(Path file) {
    try {
      GatewayPlan.of(ConfigLoader.load(file, null, Map.of()).config());
    } catch (GroundedException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  @Test
  void serveSendsTheRoutedModelToTheCheapOrTheStrongUpstreamByTheClassifier() throws Exception {
    train(true);
    try (FakeOpenAiUpstream cheap =
            new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("c")));
        FakeOpenAiUpstream strong =
            new FakeOpenAiUpstream(FakeOpenAiUpstream.sequence(FakeOpenAiUpstream.answer("s")))) {
      Path config =
          yaml(
              models(cheap.baseUrl().toString(), strong.baseUrl().toString())
                  + "routers:\n  auto:\n    classifier: router.json\n    cheap: small\n"
                  + "    strong: big\n    threshold: 0.5\n");
      TestServe served =
          TestServe.start(config, tmp.resolve("data").toString(), tmp.resolve("access.log"));
      ServeCommand.Running running = served.running();
      try {
        HttpClient http = HttpClient.newHttpClient();
        for (String prompt : new String[] {"Who is Newton?", HARD, "Who is Rome?"}) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(served.url() + "/v1/chat/completions"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              Json.write(
                                  Map.of(
                                      "model",
                                      "auto",
                                      "messages",
                                      java.util.List.of(
                                          Map.of("role", "user", "content", prompt))))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(cheap.count()).isEqualTo(2);
        assertThat(strong.count()).isEqualTo(1);
        assertThat(strong.requests.getFirst().get("model").asText()).isEqualTo("m-big");
        HttpResponse<String> listed =
            http.send(
                HttpRequest.newBuilder(URI.create(served.url() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode ids = Json.MAPPER.readTree(listed.body()).path("data");
        assertThat(ids.findValuesAsText("id")).contains("auto", "small", "big");
      } finally {
        running.stop();
      }
    }
  }

  @Test
  void aBadRouterSectionIsOneErrorWithFileAndLine() throws Exception {
    train(false);
    String m = models("http://localhost:1/v1", "http://localhost:2/v1");
    Path unknown =
        yaml(
            m
                + "routers:\n  auto:\n    classifier: router.json\n    cheap: tiny\n    strong: big\n");
    assertThat(error(unknown))
        .isEqualTo(
            unknown + ":15: 'routers.auto': 'tiny' is not a configured model (models: small, big)");
    Path missing =
        yaml(
            m
                + "routers:\n  auto:\n    classifier: nope.json\n    cheap: small\n    strong: big\n");
    assertThat(error(missing))
        .startsWith(missing + ":15: 'routers.auto': classifier ")
        .contains("nope.json does not exist");
    Path notModel =
        yaml(
            m
                + "routers:\n  auto:\n    classifier: grounded.yaml\n    cheap: small\n    strong: big\n");
    assertThat(error(notModel)).contains("not readable JSON");
    Path clash =
        yaml(
            m
                + "routers:\n  small:\n    classifier: router.json\n    cheap: small\n    strong: big\n");
    assertThat(error(clash)).contains("'routers.small': is also a models.small");
    Path threshold =
        yaml(
            m
                + "routers:\n  auto:\n    classifier: router.json\n    cheap: small\n    strong: big\n    threshold: 1.5\n");
    assertThat(error(threshold)).contains(":18:").contains("threshold");
  }
}
