package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * The OpenAI-compatible API: {@code GET /v1/models}, {@code GET /v1/models/{model}}, {@code POST
 * /v1/chat/completions} ({@link ChatCompletions}) and {@code POST /v1/embeddings} with the local
 * model. A client that sends {@code anthropic-version} (Anthropic's SDKs) gets the model list and
 * models in Anthropic's shape, listing the models {@code /v1/messages} serves.
 */
final class OpenAiRoutes implements Routes {
  static final int MAX_EMBEDDING_INPUTS = 2048;
  private final Services services;
  private final ChatCompletions chat;
  private final long started = System.currentTimeMillis() / 1000;

  private final int maxTokens;

  OpenAiRoutes(Services services, int maxTokensPerRequest) {
    this.services = services;
    this.maxTokens = maxTokensPerRequest;
    this.chat = new ChatCompletions(services);
  }

  @Override
  public void register(RoutesConfig r) {
    r.get("/v1/models", this::models);
    r.get("/v1/models/{model}", this::model);
    r.post("/v1/chat/completions", chat::handle);
    r.post("/v1/embeddings", this::embeddings);
  }

  private void models(Context ctx) {
    if (MessagesRoutes.anthropicClient(ctx)) {
      Json.write(ctx, 200, MessagesRoutes.modelList(services.upstream().aliases(), started));
      return;
    }
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    data.add(model(services.embeddingModel(), "grounded"));
    for (String alias : services.upstream().aliases()) data.add(model(alias, "grounded"));
    String tenant = Auth.principal(ctx).tenant();
    for (CollectionId c : services.knowledge().collections(tenant))
      data.add(model(ChatCompletions.RAG_PREFIX + c.name(), tenant));
    Json.write(ctx, 200, o);
  }

  private void model(Context ctx) {
    String id = ctx.pathParam("model");
    if (id.equals(services.embeddingModel())) {
      Json.write(ctx, 200, model(id, "grounded"));
      return;
    }
    if (services.upstream().serves(id)) {
      Json.write(
          ctx,
          200,
          MessagesRoutes.anthropicClient(ctx)
              ? MessagesRoutes.model(id, started)
              : model(id, "grounded"));
      return;
    }
    CollectionId c = ChatCompletions.ragCollection(ctx, services, id);
    Json.write(ctx, 200, model(id, c.tenant()));
  }

  private ObjectNode model(String id, String owner) {
    ObjectNode m = Json.object();
    m.put("id", id);
    m.put("object", "model");
    m.put("created", started);
    m.put("owned_by", owner);
    return m;
  }

  private void embeddings(Context ctx) {
    Body body = Json.body(ctx);
    String model = body.string("model");
    if (!model.equals(services.embeddingModel())) throw ChatCompletions.modelNotFound(model);
    List<String> inputs = inputs(body);
    String format = body.optString("encoding_format").orElse("float");
    if (!format.equals("float") && !format.equals("base64"))
      throw GroundedException.invalid(
          "encoding_format", "'encoding_format' must be 'float' or 'base64', not '" + format + "'");
    int dims = services.embedder().dimensions();
    int asked = body.integer("dimensions", dims, 1, 100_000);
    if (asked != dims)
      throw GroundedException.invalid(
          "dimensions",
          "model '" + model + "' has " + dims + " dimensions; it cannot return " + asked);
    body.optString("user");
    int[] counts = tokenCounts(inputs);
    List<float[]> vectors = services.embedder().embed(inputs);
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    int tokens = 0;
    for (int i = 0; i < vectors.size(); i++) {
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", i);
      if (format.equals("base64")) e.put("embedding", base64(vectors.get(i)));
      else {
        ArrayNode values = e.putArray("embedding");
        for (float f : vectors.get(i)) values.add(f);
      }
      tokens += counts[i];
    }
    o.put("model", model);
    ObjectNode usage = o.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    Json.write(ctx, 200, o);
  }

  /**
   * Each input's tokens by the model's tokenizer, counted before any embedding work: a request over
   * {@code server.max_embedding_tokens_per_request} in total is refused.
   */
  private int[] tokenCounts(List<String> inputs) {
    int[] counts = new int[inputs.size()];
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = services.tokens().count(inputs.get(i));
      total += counts[i];
    }
    if (total > maxTokens)
      throw GroundedException.invalid(
          "input",
          "'input' has "
              + total
              + " tokens; one request may embed at most "
              + maxTokens
              + " (server.max_embedding_tokens_per_request): split it into smaller requests");
    return counts;
  }

  private static List<String> inputs(Body body) {
    JsonNode input = body.get("input");
    if (input == null || input.isNull())
      throw GroundedException.invalid("input", "'input' is required");
    boolean tokenArray =
        input.isArray()
            && !input.isEmpty()
            && (input.get(0).isIntegralNumber() || input.get(0).isArray());
    if (tokenArray)
      throw GroundedException.invalid(
          "input",
          "token-array input is not supported: the local model has its own tokenizer; send text");
    List<String> inputs = body.stringOrStrings("input", MAX_EMBEDDING_INPUTS);
    if (inputs.isEmpty()) throw GroundedException.invalid("input", "'input' must not be empty");
    for (int i = 0; i < inputs.size(); i++)
      if (inputs.get(i).isEmpty())
        throw GroundedException.invalid(
            "input", "'input' item " + i + " is an empty string; embeddings need text");
    return inputs;
  }

  /** Little-endian float32 bytes, base64: what OpenAI sends for {@code encoding_format=base64}. */
  static String base64(float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) buf.putFloat(f);
    return Base64.getEncoder().encodeToString(buf.array());
  }
}
