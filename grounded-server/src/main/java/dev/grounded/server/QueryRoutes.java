package dev.grounded.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import dev.grounded.core.Hit;
import dev.grounded.ingest.CollectionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /api/collections/{c}/search} (ranked chunks) and {@code .../ask} (a cited answer, by
 * the collection's generator: extractive or its model through the gateway, {@link RagModels}; as
 * JSON or, with {@code "stream": true} or {@code Accept: text/event-stream}, as events {@code
 * delta}, {@code citations}, {@code done}).
 */
final class QueryRoutes implements Routes {
  private final Services services;
  private final Answering answering;
  private final RagModels ragModels;

  QueryRoutes(Services services) {
    this.services = services;
    this.answering = new Answering(services);
    this.ragModels = new RagModels(services, answering);
  }

  @Override
  public void register(RoutesConfig r) {
    r.post("/api/collections/{collection}/search", this::search);
    r.post("/api/collections/{collection}/ask", this::ask);
  }

  private void search(Context ctx) {
    Body body = Json.body(ctx);
    CollectionId c = Tenancy.existing(ctx, services.knowledge(), ctx.pathParam("collection"));
    String query = body.string("query");
    if (query.isBlank())
      throw dev.grounded.core.GroundedException.invalid("query", "'query' is empty");
    SearchParams p = SearchParams.parse(body, 10);
    boolean rerank = body.bool("rerank", true);
    List<Hit> hits = answering.search(c, query, p.k(), p.mode(), p.filter(), rerank);
    ObjectNode o = Json.object();
    o.put("object", "list");
    o.put("mode", p.mode().wireName());
    int depth = answering.rerankDepth(c, p.mode(), rerank);
    o.put("reranked", depth > 0);
    if (depth > 0) o.put("rerank_depth", depth);
    ArrayNode data = o.putArray("data");
    for (int i = 0; i < hits.size(); i++) data.add(Views.hit(i + 1, hits.get(i)));
    Json.write(ctx, 200, o);
  }

  private void ask(Context ctx) throws IOException {
    Body body = Json.body(ctx);
    CollectionId c = Tenancy.existing(ctx, services.knowledge(), ctx.pathParam("collection"));
    String question = body.string("question");
    SearchParams p = SearchParams.parse(body, Answering.DEFAULT_K);
    boolean stream = body.bool("stream", false) || accepts(ctx, "text/event-stream");
    String alias = ragModels.alias(c);
    Answering.Answered answered =
        alias == null
            ? answering.ask(Answering.caller(ctx, ""), c, question, p.k(), p.mode(), p.filter())
            : ragModels.ask(ctx, c, alias, question, "", p.k(), p.mode(), p.filter());
    Answer answer = answered.answer();
    if (!stream) {
      ObjectNode o = Json.object();
      o.put("object", "answer");
      o.put("answer", answer.text());
      o.put("abstained", answer.abstained());
      o.set("citations", Views.citations(answer.citations()));
      if (!answer.withheld().isEmpty()) o.set("withheld", Views.withheld(answer.withheld()));
      if (answered.provenance() != null) o.set("provenance", answered.provenance());
      if (!answered.stale().isEmpty()) o.set("stale_sources", Views.stale(answered.stale()));
      Json.write(ctx, 200, o);
      return;
    }
    try (Sse sse = new Sse(ctx)) {
      for (String piece : ChatCompletions.deltas(answer.text())) {
        ObjectNode d = Json.object();
        d.put("text", piece);
        sse.send("delta", Json.string(d));
      }
      sse.send("citations", Json.string(Views.grounding(answered)));
      sse.send("done", "[DONE]");
    }
  }

  private static boolean accepts(Context ctx, String type) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains(type);
  }
}
