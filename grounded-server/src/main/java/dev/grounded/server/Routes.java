package dev.grounded.server;

import io.javalin.config.RoutesConfig;

/** A group of handlers; {@link GroundedServer} registers every group in one place. */
interface Routes {
  void register(RoutesConfig routes);
}
