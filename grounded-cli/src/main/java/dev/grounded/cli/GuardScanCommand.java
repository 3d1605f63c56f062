package dev.grounded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grounded.core.GroundedException;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Source;
import dev.grounded.server.GuardReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grounded guard scan FILE|-}: every finding in a text (type, span, score, severity) and the
 * action the policy of {@code grounded.yaml} gives it; {@code --json} prints what {@code POST
 * /api/guard/scan} answers. Exits 0 whatever is found (it reports, it does not refuse).
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description =
        "Print what the guardrails find in FILE (- for standard input) and what the policy does"
            + " with each finding.")
final class GuardScanCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Parameters(paramLabel = "FILE", description = "A UTF-8 text file, or - for standard input.")
  String file;

  @Option(
      names = "--source",
      defaultValue = "input",
      description =
          "Scan the text as: input (a question), chunk (retrieved data), output (an answer) or"
              + " document (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--tenant",
      defaultValue = "default",
      description = "The tenant whose policy rules apply (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(
      names = "--model",
      defaultValue = "ask",
      description = "The model the policy rules see (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Source s;
    try {
      s = Source.of(source);
    } catch (IllegalArgumentException e) {
      throw GroundedException.invalid("--source", e.getMessage());
    }
    String text = read(file);
    GuardPlan plan = GuardPlan.of(data.config());
    JsonNode report = GuardReport.of(plan.guardrails(), text, s, new GuardScope(tenant, model));
    if (json) {
      System.out.println(Json.MAPPER.writeValueAsString(report));
      return 0;
    }
    for (JsonNode f : report.path("findings"))
      System.out.printf(
          Locale.ROOT,
          "%-7s %-22s %5d-%-5d %.2f %-6s %s%n",
          f.path("action").asText(),
          f.path("type").asText(),
          f.path("start").asInt(),
          f.path("end").asInt(),
          f.path("score").asDouble(),
          f.path("severity").asText(),
          oneLine(f.path("text").asText()));
    System.out.println(
        report.path("findings").size() + " finding(s); action: " + report.path("action").asText());
    return 0;
  }

  static String read(String file) throws IOException {
    if (file.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw GroundedException.invalid("FILE", "no such file: " + file);
    } catch (java.nio.charset.MalformedInputException e) {
      throw GroundedException.invalid("FILE", file + " is not UTF-8 text");
    }
  }

  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ");
    return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
  }
}
