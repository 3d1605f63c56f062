package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.Label;
import dev.grounded.gateway.registry.PromptTemplate;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The JSON of registry entries, versions and labels: what {@code /api/prompts} and {@code
 * /api/aliases} answer and {@code grounded prompts … --json} prints.
 */
public final class RegistryViews {
  private RegistryViews() {}

  /** {@code prompt} or {@code alias}: the {@code object} of an entry. */
  static String object(Kind kind) {
    return kind == Kind.PROMPT ? "prompt" : "alias";
  }

  /** An entry: its versions (newest last) and labels. */
  public static ObjectNode entry(Registry r, String tenant, Kind kind, String name) {
    List<Version> versions = r.versions(tenant, kind, name);
    Map<String, Label> labels = r.labels(tenant, kind, name);
    ObjectNode o = Json.object();
    o.put("object", object(kind));
    o.put("name", name);
    o.put("built_in", kind == Kind.PROMPT && r.builtIn(name).isPresent());
    o.put("latest_version", versions.isEmpty() ? 0 : versions.getLast().number());
    o.set("labels", labels(labels));
    ArrayNode vs = o.putArray("versions");
    for (Version v : versions) vs.add(version(v, labels));
    return o;
  }

  /** An entry without its versions' bodies: name, latest version and labels (for lists). */
  public static ObjectNode summary(Registry r, String tenant, Kind kind, String name) {
    List<Version> versions = r.versions(tenant, kind, name);
    ObjectNode o = Json.object();
    o.put("object", object(kind));
    o.put("name", name);
    o.put("built_in", kind == Kind.PROMPT && r.builtIn(name).isPresent());
    o.put("latest_version", versions.isEmpty() ? 0 : versions.getLast().number());
    o.set("labels", labels(r.labels(tenant, kind, name)));
    return o;
  }

  /** One version, with the labels pointing at it ({@code latest} included). */
  public static ObjectNode version(Version v, Map<String, Label> labels) {
    ObjectNode o = Json.object();
    o.put("object", object(v.kind()) + ".version");
    o.put("name", v.name());
    o.put("version", v.number());
    o.set("definition", v.body());
    if (v.kind() == Kind.PROMPT) {
      ArrayNode vars = o.putArray("variables");
      PromptTemplate.of(v.name(), v.body()).variables().forEach(vars::add);
    }
    o.put("note", v.note());
    o.put("created_at", time(v.createdAt()));
    ArrayNode ls = o.putArray("labels");
    for (Label l : labels.values())
      if (l.version() == v.number() || l.split().filter(s -> s.version() == v.number()).isPresent())
        ls.add(l.name());
    return o;
  }

  static ObjectNode labels(Map<String, Label> labels) {
    ObjectNode o = Json.object();
    for (Label l : labels.values()) o.set(l.name(), label(l));
    return o;
  }

  /** Where a label points: {@code {"version": 3, "split": {"version": 4, "percent": 10}}}. */
  public static ObjectNode label(Label l) {
    ObjectNode o = Json.object();
    o.put("label", l.name());
    o.put("version", l.version());
    if (l.split().isPresent()) {
      ObjectNode s = o.putObject("split");
      s.put("version", l.split().get().version());
      s.put("percent", l.split().get().percent());
    } else o.putNull("split");
    o.put("updated_at", time(l.at()));
    return o;
  }

  static String time(Instant t) {
    return t.equals(Instant.EPOCH) ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
