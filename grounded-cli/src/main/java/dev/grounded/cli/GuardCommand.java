package dev.grounded.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "guard",
    description = "Run the guardrails (injection, PII and secrets, content policy) on a text.",
    subcommands = {GuardScanCommand.class})
final class GuardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded guard scan --help'");
  }
}
