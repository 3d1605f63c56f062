package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.Answer;
import dev.grounded.core.Citation;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: a configured upstream model goes to {@link GatewayChat}; for
 * the {@code rag:<collection>} models the last user message is answered from the collection
 * (extractively, or by the collection's model through the gateway: {@link RagModels}); the text
 * carries {@code [n]} markers and the citations travel in the {@code grounded} extension (on the
 * message, or as the last SSE event before {@code [DONE]}).
 */
final class ChatCompletions {
  static final String RAG_PREFIX = "rag:";
  private final Services services;
  private final Answering answering;
  private final GatewayChat upstream;
  private final RagModels ragModels;

  ChatCompletions(Services services) {
    this.services = services;
    this.answering = new Answering(services);
    this.upstream = new GatewayChat(services.upstream());
    this.ragModels = new RagModels(services, answering);
  }

  void handle(Context ctx) throws Exception {
    Body body =
        new Body(PromptRequests.render(ctx, services.registry(), Json.body(ctx).node()), "");
    JsonNode model = body.node().get("model");
    if (model != null && model.isTextual() && services.upstream().serves(model.asText())) {
      upstream.handle(ctx, body.node());
      return;
    }
    ChatRequest req = ChatRequest.parse(body);
    CollectionId collection = ragCollection(ctx, req.model());
    String alias = ragModels.alias(collection);
    Answering.Answered answered =
        alias == null
            ? answering.ask(
                Answering.caller(ctx, body.optString("user").orElse("")),
                collection,
                req.question(),
                Answering.DEFAULT_K,
                null,
                null)
            : ragModels.ask(
                ctx, collection, alias, req.question(), body.optString("user").orElse(""));
    Answer answer = answered.answer();
    Completion completion = Completion.of(answer, req, services.tokens());
    String id = "chatcmpl-" + RequestIds.random(12);
    long created = System.currentTimeMillis() / 1000;
    if (req.stream()) {
      new ChatStream(ctx, id, created, req, completion, answered).send();
    } else {
      Json.write(ctx, 200, response(id, created, req, completion, answered));
    }
  }

  private CollectionId ragCollection(Context ctx, String model) {
    if (model.equals(services.embeddingModel()))
      throw GroundedException.invalid(
          "model", "'" + model + "' is an embedding model: use it with /v1/embeddings");
    return ragCollection(ctx, services, model);
  }

  /** The caller's collection a {@code rag:<collection>} model names, else model_not_found. */
  static CollectionId ragCollection(Context ctx, Services services, String model) {
    if (!model.startsWith(RAG_PREFIX) || model.length() == RAG_PREFIX.length())
      throw modelNotFound(model);
    try {
      return Tenancy.existing(ctx, services.knowledge(), model.substring(RAG_PREFIX.length()));
    } catch (GroundedException e) {
      throw modelNotFound(model);
    }
  }

  static GroundedException modelNotFound(String model) {
    return new GroundedException(
        ErrorCode.MODEL_NOT_FOUND,
        "the model '"
            + model
            + "' does not exist or you do not have access to it; GET /v1/models lists yours",
        "model",
        null);
  }

  private static ObjectNode response(
      String id,
      long created,
      ChatRequest req,
      Completion completion,
      Answering.Answered answered) {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", "chat.completion");
    o.put("created", created);
    o.put("model", req.model());
    ArrayNode choices = o.putArray("choices");
    for (int i = 0; i < req.n(); i++) {
      ObjectNode choice = choices.addObject();
      choice.put("index", i);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", completion.content());
      message.putNull("refusal");
      message.set("grounded", Views.grounding(answered));
      choice.putNull("logprobs");
      choice.put("finish_reason", completion.finishReason());
    }
    o.set("usage", completion.usage(req.n()));
    o.putNull("system_fingerprint");
    return o;
  }

  /** The answer as the client asked for it: plain text with markers, or a JSON object. */
  static String jsonContent(Answer answer) {
    ObjectNode o = Json.object();
    o.put("answer", answer.text());
    o.put("abstained", answer.abstained());
    ArrayNode cites = o.putArray("citations");
    for (Citation c : answer.citations()) {
      ObjectNode x = cites.addObject();
      x.put("n", c.n());
      x.put("document_id", c.chunk().documentId());
      x.put("source", c.chunk().source());
      x.put("quote", c.quote());
    }
    return Json.string(o);
  }

  /** Splits text into stream deltas: one word with its trailing space at a time. */
  static List<String> deltas(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ' && i + 1 < text.length() && text.charAt(i + 1) != ' ') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) out.add(text.substring(start));
    return out;
  }
}
