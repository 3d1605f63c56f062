package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.Label;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Split;
import dev.grounded.gateway.registry.Version;
import dev.grounded.gateway.registry.VersionDiff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * The registry of the caller's tenant, for prompts ({@code /api/prompts}) or model aliases ({@code
 * /api/aliases}): create a version, list, show, diff two versions, point a label (with an optional
 * split), roll a label back. A key sees and changes only its own tenant's entries; another tenant's
 * entry is indistinguishable from one that does not exist (404).
 */
final class RegistryRoutes implements Routes {
  private final Services services;
  private final Kind kind;
  private final String base;

  RegistryRoutes(Services services, Kind kind) {
    this.services = services;
    this.kind = kind;
    this.base = kind == Kind.PROMPT ? "/api/prompts" : "/api/aliases";
  }

  @Override
  public void register(RoutesConfig r) {
    r.get(base, this::list);
    r.post(base, this::create);
    r.get(base + "/{name}", this::show);
    r.get(base + "/{name}/versions/{version}", this::version);
    r.get(base + "/{name}/diff", this::diff);
    r.put(base + "/{name}/labels/{label}", this::label);
    r.post(base + "/{name}/labels/{label}/rollback", this::rollback);
  }

  private Registry registry() {
    Registry r = services.registry();
    if (r == null) throw GroundedException.notFound("this server has no prompt registry");
    return r;
  }

  private static String tenant(Context ctx) {
    return Auth.principal(ctx).tenant();
  }

  private void list(Context ctx) {
    Registry r = registry();
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (String name : r.names(tenant(ctx), kind))
      data.add(RegistryViews.summary(r, tenant(ctx), kind, name));
    Json.write(ctx, 200, o);
  }

  private void create(Context ctx) {
    Registry r = registry();
    Body body = Json.body(ctx);
    String name = Registry.checkName(body.string("name"));
    if (kind == Kind.MODEL && !services.upstream().serves(name))
      throw GroundedException.invalid(
          "name",
          "'"
              + name
              + "' is not a model alias of this server (models."
              + name
              + " in grounded.yaml): the registry versions configured aliases");
    String note = body.optString("note").orElse("");
    List<String> labels = body.stringOrStrings("labels", 20);
    ObjectNode definition = body.node().deepCopy();
    definition.remove(List.of("name", "note", "labels"));
    Version v = r.create(tenant(ctx), kind, name, definition, note, labels);
    Json.write(ctx, 201, RegistryViews.version(v, r.labels(tenant(ctx), kind, name)));
  }

  private void show(Context ctx) {
    String name = existing(ctx);
    Json.write(ctx, 200, RegistryViews.entry(registry(), tenant(ctx), kind, name));
  }

  private void version(Context ctx) {
    String name = existing(ctx);
    Version v = version(ctx, name, ctx.pathParam("version"), "version");
    Json.write(ctx, 200, RegistryViews.version(v, registry().labels(tenant(ctx), kind, name)));
  }

  private void diff(Context ctx) {
    String name = existing(ctx);
    List<Version> all = registry().versions(tenant(ctx), kind, name);
    String fromText = ctx.queryParam("from");
    String toText = ctx.queryParam("to");
    Version to = toText == null ? all.getLast() : version(ctx, name, toText, "to");
    Version from =
        fromText == null
            ? all.get(Math.max(0, all.indexOf(to) - 1))
            : version(ctx, name, fromText, "from");
    ObjectNode o = Json.object();
    o.put("object", RegistryViews.object(kind) + ".diff");
    o.put("name", name);
    o.put("from", from.number());
    o.put("to", to.number());
    ArrayNode lines = o.putArray("lines");
    VersionDiff.lines(from, to).forEach(lines::add);
    Json.write(ctx, 200, o);
  }

  /**
   * {@code {"version": 3}} or {@code {"version": 3, "split": {"version": 4, "percent": 10}}}: the
   * label serves version 3, and 4 to 10 % of the subjects.
   */
  private void label(Context ctx) {
    String name = existing(ctx);
    Body body = Json.body(ctx);
    int version = body.integer("version", -1, 1, Integer.MAX_VALUE);
    if (version < 0) throw GroundedException.invalid("version", "'version' is required");
    Optional<Split> split = Optional.empty();
    Optional<Body> s = body.optObject("split");
    if (s.isPresent()) {
      int sv = s.get().integer("version", -1, 1, Integer.MAX_VALUE);
      int percent = s.get().integer("percent", -1, 1, 99);
      if (sv < 0 || percent < 0)
        throw GroundedException.invalid("split", "'split' needs 'version' and 'percent' (1-99)");
      split = Optional.of(new Split(sv, percent));
    }
    Label l = registry().label(tenant(ctx), kind, name, ctx.pathParam("label"), version, split);
    Json.write(ctx, 200, RegistryViews.label(l));
  }

  private void rollback(Context ctx) {
    String name = existing(ctx);
    String label = ctx.pathParam("label");
    Optional<Label> now = registry().rollback(tenant(ctx), kind, name, label);
    if (now.isPresent()) {
      Json.write(ctx, 200, RegistryViews.label(now.get()));
      return;
    }
    ObjectNode o = Json.object();
    o.put("label", label);
    o.put("removed", true);
    Json.write(ctx, 200, o);
  }

  /** The path's entry name if the tenant has that entry, else 404. */
  private String existing(Context ctx) {
    String name = ctx.pathParam("name");
    if (!Registry.isName(name) || registry().versions(tenant(ctx), kind, name).isEmpty())
      throw GroundedException.notFound("no " + RegistryViews.object(kind) + " '" + name + "'");
    return name;
  }

  private Version version(Context ctx, String name, String text, String param) {
    List<Version> all = registry().versions(tenant(ctx), kind, name);
    if (text.equals(Registry.LATEST)) return all.getLast();
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw GroundedException.invalid(param, "'" + param + "' must be a version number or latest");
    }
    return registry()
        .version(tenant(ctx), kind, name, n)
        .orElseThrow(
            () ->
                new GroundedException(
                    ErrorCode.NOT_FOUND,
                    RegistryViews.object(kind) + " '" + name + "' has no version " + n,
                    param,
                    null));
  }
}
