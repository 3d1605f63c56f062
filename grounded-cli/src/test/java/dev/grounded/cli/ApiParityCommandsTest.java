package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the API can do to collections and documents the CLI can do too, with the same shapes. */
class ApiParityCommandsTest {
  @TempDir Path tmp;

  private static JsonNode json(Cli r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  private Path docs(String name, String... texts) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (int i = 0; i < texts.length; i++)
      Files.writeString(dir.resolve(name + i + ".md"), texts[i]);
    return dir;
  }

  @Test
  void collectionsAndDocumentsAreListedPagedAndDeletedLikeTheApiDoes() throws Exception {
    String data = tmp.resolve("data").toString();
    Path animals =
        docs("animals", "Owls hunt at night.", "Bees make honey.", "Foxes live in forests.");
    json(Cli.run("ingest", "--data", data, "--json", animals.toString()));
    Path other = docs("other", "Granite is an igneous rock.");
    json(Cli.run("ingest", "--data", data, "--collection", "rocks", "--json", other.toString()));

    JsonNode cols = json(Cli.run("collections", "list", "--data", data, "--json"));
    assertThat(cols.get("object").asText()).isEqualTo("list");
    List<String> names = new ArrayList<>();
    cols.get("data").forEach(c -> names.add(c.get("id").asText()));
    assertThat(names).containsExactlyInAnyOrder("default", "rocks");
    JsonNode first = cols.get("data").get(0);
    assertThat(first.fieldNames())
        .toIterable()
        .containsExactly("id", "object", "model", "documents", "chunks", "size_bytes");
    assertThat(
            json(Cli.run("collections", "list", "--data", data, "--tenant", "acme", "--json"))
                .get("data"))
        .isEmpty();

    JsonNode page1 = json(Cli.run("documents", "list", "--data", data, "--limit", "2", "--json"));
    assertThat(page1.get("data")).hasSize(2);
    assertThat(page1.get("has_more").asBoolean()).isTrue();
    String last = page1.get("last_id").asText();
    JsonNode page2 =
        json(
            Cli.run(
                "documents", "list", "--data", data, "--limit", "2", "--after", last, "--json"));
    assertThat(page2.get("data")).hasSize(1);
    assertThat(page2.get("has_more").asBoolean()).isFalse();
    JsonNode doc = page2.get("data").get(0);
    assertThat(doc.get("object").asText()).isEqualTo("document");
    String id = doc.get("id").asText();
    Cli human = Cli.run("documents", "list", "--data", data, "--limit", "2");
    assertThat(human.out()).contains(page1.get("first_id").asText()).contains("more: --after");

    JsonNode deleted = json(Cli.run("documents", "delete", "--data", data, "--json", id));
    assertThat(deleted.get("object").asText()).isEqualTo("document.deleted");
    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    Cli again = Cli.run("documents", "delete", "--data", data, id);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.errLines()).containsExactly("grounded: error: no document '" + id + "'");
    Cli noCollection = Cli.run("documents", "list", "--data", data, "--collection", "nope");
    assertThat(noCollection.exit()).isEqualTo(1);
    assertThat(noCollection.errLines()).singleElement().asString().contains("no collection 'nope'");

    assertThat(Cli.run("collections", "delete", "--data", data, "rocks").out())
        .contains("deleted collection 'rocks'");
    Cli gone = Cli.run("collections", "delete", "--data", data, "rocks");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.errLines()).containsExactly("grounded: error: no collection 'rocks'");
    JsonNode left = json(Cli.run("collections", "list", "--data", data, "--json"));
    assertThat(left.get("data")).hasSize(1);
    assertThat(left.get("data").get(0).get("documents").asInt()).isEqualTo(2);
  }

  @Test
  void versionIsTheProjectVersionTheBuildRecorded() {
    Cli r = Cli.run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("grounded " + Version.string());
    assertThat(Version.string()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void serveLogsOneLineAtStartAndOneAtStopAndAnswersVersion() throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .setDefaultValueProvider(new ConfigDefaults(java.util.Map.of())) // as Main wires it
        .parseArgs(
            "--data",
            tmp.resolve("data").toString(),
            "--port",
            "0",
            "--access-log",
            tmp.resolve("access.log").toString());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ServeCommand.Running running = serve.start(new PrintStream(log, true, StandardCharsets.UTF_8));
    String started = log.toString(StandardCharsets.UTF_8);
    Matcher url = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)").matcher(started);
    assertThat(url.find()).as(started).isTrue();
    try {
      HttpResponse<String> v =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.group(1) + "/version")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(v.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(v.body()).get("version").asText())
          .isEqualTo(Version.string());
    } finally {
      running.stop();
    }
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("grounded: " + Version.string() + " serving on " + url.group(1))
        .contains("data: " + tmp.resolve("data").toAbsolutePath())
        .contains("auth: open");
    assertThat(lines.get(1)).startsWith("grounded: stopped serving on " + url.group(1));
  }
}
