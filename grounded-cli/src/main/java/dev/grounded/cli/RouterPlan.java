package dev.grounded.cli;

import dev.grounded.core.GroundedException;
import dev.grounded.core.config.Config;
import dev.grounded.core.config.SectionEntry;
import dev.grounded.gateway.routing.ClassifiedAlias;
import dev.grounded.gateway.routing.ClassifierRouter;
import dev.grounded.gateway.routing.PromptEmbedder;
import dev.grounded.gateway.routing.Router;
import dev.grounded.gateway.routing.RouterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The classifier routers {@code grounded.yaml} configures ({@code routers.<name>}: a model file of
 * {@code grounded route train}, a cheap and a strong alias, a threshold), checked against the
 * configured aliases and loaded when the configuration loads, so a bad file or alias is a {@code
 * file:line} error of every command.
 */
record RouterPlan(List<ClassifiedAlias> routers) {
  static final RouterPlan NONE = new RouterPlan(List.of());

  RouterPlan {
    routers = List.copyOf(routers);
  }

  static RouterPlan of(Config config, Set<String> aliases) {
    String file = config.source();
    List<ClassifiedAlias> out = new ArrayList<>();
    for (SectionEntry r : config.entries(GroundedSettings.ROUTERS)) {
      String name = r.name();
      if (aliases.contains(name))
        throw error(file, r, "is also a models." + name + "; a router needs a name of its own");
      if (name.startsWith("rag:") || name.equals(ServeCommand.EMBEDDING_MODEL))
        throw error(file, r, "names a model Grounded serves itself");
      String cheap = r.get(GroundedSettings.ROUTER_CHEAP);
      String strong = r.get(GroundedSettings.ROUTER_STRONG);
      for (String alias : List.of(cheap, strong))
        if (!aliases.contains(alias))
          throw error(
              file,
              r,
              "'"
                  + alias
                  + "' is not a configured model (models: "
                  + (aliases.isEmpty() ? "none" : String.join(", ", aliases))
                  + ")");
      Path model = r.get(GroundedSettings.ROUTER_CLASSIFIER);
      if (!model.isAbsolute() && !file.isEmpty()) {
        Path dir = Path.of(file).toAbsolutePath().getParent();
        if (dir != null) model = dir.resolve(model);
      }
      if (!Files.isRegularFile(model))
        throw error(file, r, "classifier " + model + " does not exist (see grounded route train)");
      RouterModel m;
      try {
        m = RouterModel.read(model);
      } catch (IllegalArgumentException e) {
        throw error(file, r, e.getMessage());
      }
      if (!m.embedding().isEmpty() && !m.embedding().equals(ServeCommand.EMBEDDING_MODEL))
        throw error(
            file,
            r,
            "classifier "
                + model
                + " was trained on "
                + m.embedding()
                + " embeddings; the server embeds with "
                + ServeCommand.EMBEDDING_MODEL);
      double threshold = r.find(GroundedSettings.ROUTER_THRESHOLD).orElse(m.threshold());
      out.add(new ClassifiedAlias(name, m, cheap, strong, threshold));
    }
    return new RouterPlan(out);
  }

  List<String> names() {
    return routers.stream().map(ClassifiedAlias::name).toList();
  }

  /** {@code delegate} with the classified names decided first (itself when there are none). */
  Router wrap(Router delegate, PromptEmbedder embedder) {
    return routers.isEmpty() ? delegate : new ClassifierRouter(delegate, routers, embedder);
  }

  private static GroundedException error(String file, SectionEntry e, String message) {
    return GroundedException.invalid(
        "routers." + e.name(), file + ":" + e.line() + ": 'routers." + e.name() + "': " + message);
  }
}
