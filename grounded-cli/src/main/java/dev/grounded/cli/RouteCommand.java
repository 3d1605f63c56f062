package dev.grounded.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "route",
    description =
        "Train the classifier router that sends a model alias to a cheap or a strong model.",
    subcommands = {RouteTrainCommand.class})
final class RouteCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: try 'grounded route train --help'");
  }
}
