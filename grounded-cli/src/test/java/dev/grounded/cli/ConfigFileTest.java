package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** grounded.yaml: where it is found, how it is validated, and what overrides it. */
class ConfigFileTest {
  @TempDir Path tmp;

  private Path yaml(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static String error(Runnable r) {
    try {
      r.run();
    } catch (GroundedException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  @Test
  void nestedKeysAreReadWithTheirLinesAndAnUnknownOneIsNamedWithItsLine() throws Exception {
    Path f = yaml("a.yaml", "# comment\nserver:\n  port: 9001\n  prot: 9002\n");
    assertThat(error(() -> ConfigLoader.load(f, null, Map.of())))
        .isEqualTo(
            f
                + ":4: key 'server.prot': unknown key (did you mean 'server.port'?); see README's"
                + " configuration table");
  }

  @Test
  void wrongTypesOutOfRangeValuesAndBadYamlNameTheLine() throws Exception {
    Path type = yaml("t.yaml", "server:\n  host: localhost\n  port: abc\n");
    assertThat(error(() -> ConfigLoader.load(type, null, Map.of())))
        .isEqualTo(type + ":3: key 'server.port': must be an integer in 0–65535, got \"abc\"");
    Path range = yaml("r.yaml", "search.top_k: 5000\n");
    assertThat(error(() -> ConfigLoader.load(range, null, Map.of())))
        .isEqualTo(range + ":1: key 'search.top_k': must be an integer in 1–1000, got \"5000\"");
    Path broken = yaml("b.yaml", "server:\n  port: [1\n");
    assertThat(error(() -> ConfigLoader.load(broken, null, Map.of())))
        .startsWith(broken + ":")
        .contains("not valid YAML");
    Path nested = yaml("n.yaml", "server:\n  ingest_roots:\n    - {a: b}\n");
    assertThat(error(() -> ConfigLoader.load(nested, null, Map.of())))
        .contains(nested + ":3: key 'server.ingest_roots': list items must be plain values");
  }

  @Test
  void aSecretInTheFileIsRefusedWithoutEchoingIt() throws Exception {
    Path f = yaml("s.yaml", "llm:\n  base_url: http://x/v1\n  api_key: sk-secret\n");
    assertThat(error(() -> ConfigLoader.load(f, null, Map.of())))
        .startsWith(f + ":3: key 'llm.api_key': secrets are never read from the configuration file")
        .doesNotContain("sk-secret");
  }

  @Test
  void theFileIsFoundByConfigFlagThenGroundedConfigThenTheDataDirectory() throws Exception {
    Path flag = yaml("flag.yaml", "server.port: 1001\n");
    Path env = yaml("env.yaml", "server.port: 1002\n");
    Path data = tmp.resolve("data");
    yaml("data/grounded.yaml", "server.port: 1003\n");
    Map<String, String> withEnv = Map.of("GROUNDED_CONFIG", env.toString());

    assertThat(port(ConfigLoader.load(flag, data, withEnv))).isEqualTo(1001);
    assertThat(port(ConfigLoader.load(null, data, withEnv))).isEqualTo(1002);
    assertThat(port(ConfigLoader.load(null, data, Map.of()))).isEqualTo(1003);
    assertThat(port(ConfigLoader.load(null, null, Map.of("GROUNDED_DATA", data.toString()))))
        .isEqualTo(1003);
    assertThat(ConfigLoader.load(null, data, Map.of()).file())
        .contains(data.resolve("grounded.yaml"));
  }

  private static int port(ConfigLoader.Loaded loaded) {
    return loaded.config().get(GroundedSettings.SERVER_PORT);
  }

  @Test
  void aMissingExplicitFileIsAnErrorButAMissingDefaultFileIsFine() {
    Path missing = tmp.resolve("nope.yaml");
    assertThat(error(() -> ConfigLoader.load(missing, null, Map.of())))
        .isEqualTo("configuration file " + missing + " (from --config) does not exist");
    assertThat(error(() -> ConfigLoader.load(null, null, Map.of("GROUNDED_CONFIG", "/no/x.yaml"))))
        .isEqualTo("configuration file /no/x.yaml (from GROUNDED_CONFIG) does not exist");
    ConfigLoader.Loaded none = ConfigLoader.load(null, tmp.resolve("empty"), Map.of());
    assertThat(none.file()).isEmpty();
    assertThat(none.config().origin(GroundedSettings.SERVER_PORT)).isEqualTo(Origin.DEFAULT);
  }

  @Test
  void theDataDirectoryComesFromAnExplicitFileButNotFromItsOwnFile() throws Exception {
    Path f = yaml("ops.yaml", "data_dir: " + tmp.resolve("elsewhere") + "\n");
    assertThat(ConfigLoader.load(f, null, Map.of()).dataDir()).isEqualTo(tmp.resolve("elsewhere"));
    assertThat(ConfigLoader.load(f, tmp.resolve("flag"), Map.of()).dataDir())
        .isEqualTo(tmp.resolve("flag"));
    Path data = tmp.resolve("d");
    yaml("d/grounded.yaml", "\ndata_dir: /srv\n");
    assertThat(error(() -> ConfigLoader.load(null, data, Map.of())))
        .startsWith(data.resolve("grounded.yaml") + ":2: key 'data_dir': cannot be set");
  }

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
    Path f = yaml("p.yaml", "server:\n  port: 9001\n  host: 0.0.0.0\n  shutdown_timeout: 2m\n");
    ServeCommand fromFile = parseServe(Map.of(), "--config", f.toString());
    assertThat(fromFile.port).isEqualTo(9001);
    assertThat(fromFile.host).isEqualTo("0.0.0.0");
    assertThat(fromFile.shutdownTimeout).isEqualTo(Duration.ofMinutes(2));
    assertThat(fromFile.maxUploadMb).isEqualTo(50);

    ServeCommand fromEnv =
        parseServe(Map.of("GROUNDED_SERVER_PORT", "9002"), "--config", f.toString());
    assertThat(fromEnv.port).isEqualTo(9002);

    ServeCommand fromFlag =
        parseServe(
            Map.of("GROUNDED_SERVER_PORT", "9002"),
            "--config",
            f.toString(),
            "--port",
            "9003",
            "--shutdown-timeout",
            "5");
    assertThat(fromFlag.port).isEqualTo(9003);
    assertThat(fromFlag.shutdownTimeout).isEqualTo(Duration.ofSeconds(5));

    ServeCommand defaults = parseServe(Map.of(), "--data", tmp.resolve("none").toString());
    assertThat(defaults.port).isEqualTo(8080);
    assertThat(defaults.host).isEqualTo("127.0.0.1");
    assertThat(defaults.shutdownTimeout).isEqualTo(Duration.ofSeconds(20));
  }

  private static ServeCommand parseServe(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return parse(env, all);
  }

  @SuppressWarnings("unchecked")
  private static <T> T parse(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setDefaultValueProvider(new ConfigDefaults(env));
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (T) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void searchAndAskTakeTheirDefaultsFromTheFileAndFlagsStillWin() throws Exception {
    Path f =
        yaml(
            "q.yaml",
            "collection: notes\nsearch:\n  top_k: 3\n  mode: bm25\nask:\n  top_k: 2\n"
                + "rerank:\n  depth: 7\nanswer:\n  min_score: 0.7\n");
    SearchCommand search = parse(Map.of(), "search", "--config", f.toString(), "fox");
    assertThat(search.k).isEqualTo(3);
    assertThat(search.mode).isEqualTo("bm25");
    assertThat(search.common.collection()).isEqualTo("notes");
    // a depth from the file without a reranker is not an error (the flag alone would be)
    assertThat(search.rerank.directory()).isNull();
    assertThat(search.rerank.depth).isEqualTo(7);

    SearchCommand flagged =
        parse(Map.of(), "search", "--config", f.toString(), "-k", "4", "--collection", "x", "fox");
    assertThat(flagged.k).isEqualTo(4);
    assertThat(flagged.common.collection()).isEqualTo("x");

    AskCommand ask = parse(Map.of(), "ask", "--config", f.toString(), "why?");
    assertThat(ask.k).isEqualTo(2);
    assertThat(ask.generation.minScore).isEqualTo(0.7);

    SearchCommand defaults = parse(Map.of(), "search", "--data", tmp.toString(), "fox");
    assertThat(defaults.k).isEqualTo(10);
    assertThat(defaults.mode).isEqualTo("hybrid");
    assertThat(defaults.common.collection()).isEqualTo("default");
  }

  @Test
  void ingestLimitsFromTheFileBoundWhatAnIngestAccepts() throws Exception {
    Path data = tmp.resolve("data");
    yaml("data/grounded.yaml", "ingest:\n  max_chars: 200\n");
    Path small = yaml("docs/small.txt", "A short note about lighthouses.");
    Path big = yaml("docs/big.txt", "A longer note about tides and ferries. ".repeat(20));
    Cli r = Cli.run("ingest", "--data", data.toString(), small.toString(), big.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("big.txt", "ingest.max_chars").doesNotContain("small.txt");
    Cli status = Cli.run("status", "--json", "--data", data.toString());
    assertThat(status.out()).containsPattern("\"documents\"\\s*:\\s*1\\b");
  }

  @Test
  void serveRefusesToStartOnAnInvalidFileWithOneLineNamingTheKeyAndLine() throws Exception {
    Path data = tmp.resolve("data");
    yaml("data/grounded.yaml", "server:\n  port: 99999\n");
    Cli r = Cli.run("serve", "--data", data.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines())
        .containsExactly(
            "grounded: error: "
                + data.resolve("grounded.yaml")
                + ":2: key 'server.port': must be an integer in 0–65535, got \"99999\"");
  }

  @Test
  void configCheckValidatesAFileAndExitsOneWithItsError() throws Exception {
    Path good = yaml("good.yaml", "server:\n  port: 9001\n  ingest_roots: [/srv/a, /srv/b]\n");
    Cli ok = Cli.run("config", "check", good.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains(good + ": ok");

    Path bad = yaml("bad.yaml", "server:\n  port: 9001\nsearch:\n  mdoe: bm25\n");
    Cli r = Cli.run("config", "check", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .containsExactly(
            "grounded: error: "
                + bad
                + ":4: key 'search.mdoe': unknown key (did you mean 'search.mode'?); see README's"
                + " configuration table");
  }

  @Test
  void configShowPrintsEachValueAndWhereItCameFrom() throws Exception {
    Path data = tmp.resolve("data");
    yaml("data/grounded.yaml", "server:\n  port: 9001\n  ingest_roots: [/srv/a]\n");
    Cli r = Cli.run("config", "show", "--json", "--data", data.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"file\" : \"" + data.resolve("grounded.yaml") + "\"")
        .containsPattern(
            "\"key\" : \"server.port\",\\s*\"value\" : \"9001\",\\s*\"origin\" : \"file\"")
        .containsPattern(
            "\"key\" : \"server.host\",\\s*\"value\" : \"127.0.0.1\",\\s*\"origin\" : \"default\"")
        .containsPattern(
            "\"key\" : \"data_dir\",\\s*\"value\" : \"[^\"]+\",\\s*\"origin\" : \"flag\"")
        .containsPattern("\"key\" : \"rerank.model\",\\s*\"value\" : null");
  }

  @Test
  void everyKeyIsInReadmesConfigurationTable() throws Exception {
    Path readme = Path.of("..", "README.md");
    assertThat(readme).as("README.md at the repository root").exists();
    String text = Files.readString(readme);
    Matcher rows = Pattern.compile("(?m)^\\| `([a-z0-9_.]+)` \\|").matcher(text);
    List<String> documented = rows.results().map(m -> m.group(1)).toList();
    List<String> keys = GroundedSettings.ALL.all().stream().map(s -> s.key()).toList();
    assertThat(documented).as("keys in README's configuration table").containsAll(keys);
  }

  @Test
  void everyFlagThatNamesASettingNamesARegisteredOne() {
    CommandLine cli = new CommandLine(new Main());
    assertThat(check(cli.getCommandSpec())).isGreaterThan(10);
  }

  private static int check(CommandLine.Model.CommandSpec spec) {
    int n = 0;
    for (CommandLine.Model.OptionSpec o : spec.options())
      // picocli's own options have camelCase description keys (mixinStandardHelpOptions.help)
      if (o.descriptionKey().matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
        assertThat(GroundedSettings.ALL.find(o.descriptionKey()))
            .as(spec.qualifiedName() + " " + o.longestName())
            .isPresent();
        n++;
      }
    for (CommandLine sub : spec.subcommands().values()) n += check(sub.getCommandSpec());
    return n;
  }
}
