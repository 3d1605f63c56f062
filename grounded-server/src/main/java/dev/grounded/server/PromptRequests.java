package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Principal;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.PromptTemplate;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Resolved;
import dev.grounded.gateway.registry.Rollout;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A chat request that names a registry prompt instead of (or before) its messages: {@code "prompt":
 * {"name": "support", "label": "production" | "version": 3, "variables": {"product": "X"}}}. The
 * prompt's version is resolved for the caller's tenant (label {@code production} when neither is
 * given; a label's split by the request's user, else key, else request id), its messages rendered
 * and put before the request's own {@code messages} (which become optional), its {@code config}
 * filling the fields the request leaves out ({@code model} included), and the field {@code prompt}
 * removed. The response carries {@value #HEADER}: {@code name@version}; the gateway chain's notes
 * carry the same ({@link dev.grounded.gateway.chain.CallNotes#prompt}).
 */
final class PromptRequests {
  /** The response header naming the prompt version a request used. */
  static final String HEADER = "x-grounded-prompt";

  private static final String ATTRIBUTE = "grounded.prompt";

  private PromptRequests() {}

  /** {@code body} with its {@code prompt} rendered into messages; itself when it names none. */
  static ObjectNode render(Context ctx, Registry registry, ObjectNode body) {
    JsonNode field = body.get("prompt");
    if (field == null || field.isNull()) return body;
    if (!field.isObject())
      throw GroundedException.invalid("prompt", "'prompt' must be an object with a 'name'");
    Body p = new Body((ObjectNode) field, "prompt.");
    for (Iterator<String> it = field.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("name") && !f.equals("label") && !f.equals("version") && !f.equals("variables"))
        throw GroundedException.invalid(
            "prompt." + f, "unknown field 'prompt." + f + "' (name, label, version, variables)");
    }
    String name = p.string("name");
    Optional<String> label = p.optString("label");
    int number = p.integer("version", -1, 1, Integer.MAX_VALUE);
    if (label.isPresent() && number > 0)
      throw GroundedException.invalid("prompt.version", "give 'prompt.label' or 'prompt.version'");
    Map<String, String> variables = p.stringMap("variables");
    if (registry == null) throw GroundedException.notFound("this server has no prompt registry");
    if (!Registry.isName(name)) throw missing(name);
    Principal who = Auth.principal(ctx);
    JsonNode user = body.get("user");
    String subject =
        Rollout.subject(
            user != null && user.isTextual() ? user.asText() : "",
            who.keyId().equals("-") ? "" : who.keyId(),
            RequestIds.of(ctx));
    Resolved r =
        registry
            .resolve(
                who.tenant(),
                Kind.PROMPT,
                name,
                number > 0 ? Optional.of(number) : Optional.empty(),
                label.orElse(""),
                subject)
            .orElseThrow(() -> missing(name));
    String ref = r.version().ref();
    PromptTemplate template = PromptTemplate.of(name, r.version().body());
    ObjectNode out = body.deepCopy();
    out.remove("prompt");
    ArrayNode messages = out.putArray("messages");
    for (PromptTemplate.Message m : template.render(ref, variables))
      messages.addObject().put("role", m.role()).put("content", m.content());
    JsonNode own = body.get("messages");
    if (own != null && !own.isNull()) {
      if (!own.isArray())
        throw GroundedException.invalid("messages", "'messages' must be an array");
      messages.addAll((ArrayNode) own);
    }
    ObjectNode config = template.config();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!out.hasNonNull(e.getKey())) out.set(e.getKey(), e.getValue());
    }
    if (!out.hasNonNull("model"))
      throw GroundedException.invalid(
          "model", "'model' is required: prompt " + ref + " does not configure one");
    ctx.header(HEADER, ref);
    ctx.attribute(ATTRIBUTE, ref);
    return out;
  }

  /** The prompt version the request was rendered from, if any. */
  static Optional<String> used(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }

  private static GroundedException missing(String name) {
    return new GroundedException(
        dev.grounded.core.ErrorCode.NOT_FOUND, "no prompt '" + name + "'", "prompt.name", null);
  }
}
