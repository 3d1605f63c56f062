package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.guard.Finding;
import dev.grounded.guard.GuardScope;
import dev.grounded.guard.Guardrails;
import dev.grounded.guard.Source;
import dev.grounded.guard.Verdict;
import java.util.List;

/**
 * The JSON of a guard scan, shared by {@code POST /api/guard/scan} and {@code grounded guard scan
 * --json}.
 */
public final class GuardReport {
  private GuardReport() {}

  /**
   * The scan report: the overall action, the text to pass on, and every finding with its action.
   */
  public static ObjectNode of(Guardrails g, String text, Source source, GuardScope scope) {
    List<Finding> findings = g.scan(text, source);
    Verdict v = g.decide(text, findings, source, scope);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("object", "guard.scan");
    o.put("source", source.wireName());
    o.put("action", v.action().wireName());
    o.put("text", v.text());
    ArrayNode list = o.putArray("findings");
    for (Finding f : findings) {
      ObjectNode n = list.addObject();
      n.put("type", f.type());
      n.put("start", f.start());
      n.put("end", f.end());
      n.put("text", f.span(text));
      n.put("score", Math.round(f.score() * 10000) / 10000.0);
      n.put("severity", f.severity().wireName());
      n.put("detector", f.detector());
      n.put("action", g.policy().decide(f, source, scope).wireName());
    }
    return o;
  }
}
