package dev.grounded.cli;

import dev.grounded.gateway.chain.GatewayEvent;
import dev.grounded.gateway.chain.GatewayListener;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What {@code serve} says about the gateway's stages on its log, one line each: a fallback taken, a
 * circuit breaker opened or closed, what the guardrails did to a request (its id, where, the action
 * and the finding types, never the text). Retries are not logged (they are routine).
 */
record GatewayLog(PrintStream out) implements GatewayListener {
  GatewayLog {
    Objects.requireNonNull(out, "out");
  }

  @Override
  public void onEvent(GatewayEvent event) {
    String line =
        switch (event) {
          case GatewayEvent.FallbackTaken f ->
              "gateway: request "
                  + f.requestId()
                  + " falls back from "
                  + f.from()
                  + " to "
                  + f.to()
                  + " ("
                  + f.cause().code()
                  + ")";
          case GatewayEvent.BreakerOpened b ->
              "gateway: circuit breaker opened for "
                  + b.target()
                  + " after "
                  + b.failures()
                  + " failed calls; no requests to it for "
                  + b.coolDown().toSeconds()
                  + "s";
          case GatewayEvent.BreakerClosed c ->
              "gateway: circuit breaker closed for " + c.target() + " (a probe succeeded)";
          case GatewayEvent.GuardActed g ->
              "guard: request "
                  + g.requestId()
                  + " "
                  + g.source()
                  + " "
                  + g.action()
                  + ": "
                  + String.join(", ", g.types());
          default -> null;
        };
    if (line != null) out.println(line);
  }
}
