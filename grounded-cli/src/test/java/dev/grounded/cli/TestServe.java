package dev.grounded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A real {@code grounded serve --config FILE} started in-process on a free port, as the CLI tests
 * start it.
 *
 * @param running stop it with {@link ServeCommand.Running#stop()}
 * @param url the base URL it serves on, e.g. {@code http://127.0.0.1:41234}
 * @param log what it wrote to its log
 */
record TestServe(ServeCommand.Running running, String url, ByteArrayOutputStream log) {
  static TestServe start(Path config, String data, Path accessLog) throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .setDefaultValueProvider(new ConfigDefaults(Map.of()))
        .parseArgs(
            "--config",
            config.toString(),
            "--data",
            data,
            "--port",
            "0",
            "--access-log",
            accessLog.toString());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ServeCommand.Running running = serve.start(new PrintStream(log, true, StandardCharsets.UTF_8));
    Matcher url =
        Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)")
            .matcher(log.toString(StandardCharsets.UTF_8));
    assertThat(url.find()).as(log.toString(StandardCharsets.UTF_8)).isTrue();
    return new TestServe(running, url.group(1), log);
  }
}
