package dev.grounded.server;

import dev.grounded.answer.AnswerPrompt;
import dev.grounded.answer.LexicalSupport;
import dev.grounded.answer.LlmGenerator;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.gateway.auth.Principal;
import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.RequestMetadata;
import dev.grounded.gateway.client.ChatModel;
import dev.grounded.gateway.registry.Kind;
import dev.grounded.gateway.registry.PromptTemplate;
import dev.grounded.gateway.registry.Registry;
import dev.grounded.gateway.registry.Rollout;
import dev.grounded.index.Filter;
import dev.grounded.index.SearchMode;
import dev.grounded.ingest.CollectionId;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rag:<collection>} answered by a model: when the collection's generator is {@code
 * model:<alias>} ({@code grounded collections set}, {@code PATCH /api/collections/{c}}), the
 * grounded prompt (numbered sources, then the question) goes to the alias through the server's
 * gateway, as a call of the caller's tenant, key, user and request id, with the header {@value
 * #COLLECTION_VERSION} naming the collection's content version (a cache keys on it, so an answer
 * never outlives the documents it was built from). The reply is parsed and verified like any model
 * answer.
 */
final class RagModels {
  /** The request header (in the chain's metadata) carrying the collection's content version. */
  static final String COLLECTION_VERSION = "x-grounded-collection-version";

  static final String MODEL_PREFIX = "model:";

  private final Services services;
  private final Answering answering;

  RagModels(Services services, Answering answering) {
    this.services = services;
    this.answering = answering;
  }

  /** The alias answering the collection, or null when it answers extractively. */
  String alias(CollectionId collection) {
    String generator = services.knowledge().generator(collection.key());
    return generator.startsWith(MODEL_PREFIX) ? generator.substring(MODEL_PREFIX.length()) : null;
  }

  /** The collection's answer by {@code alias} (hybrid search, top {@value Answering#DEFAULT_K}). */
  Answering.Answered ask(
      Context ctx, CollectionId collection, String alias, String question, String user) {
    return ask(ctx, collection, alias, question, user, Answering.DEFAULT_K, null, null);
  }

  /**
   * The collection's answer by {@code alias}, which must be configured on this server, from the top
   * {@code k} chunks of a {@code mode} search (null: hybrid) within {@code filter} (null: all).
   */
  Answering.Answered ask(
      Context ctx,
      CollectionId collection,
      String alias,
      String question,
      String user,
      int k,
      SearchMode mode,
      Filter filter) {
    if (!services.upstream().serves(alias))
      throw new GroundedException(
          ErrorCode.UPSTREAM_ERROR,
          "collection '"
              + collection.name()
              + "' answers with model:"
              + alias
              + ", which this server does not configure (models."
              + alias
              + " in grounded.yaml)");
    Principal p = Auth.principal(ctx);
    ChatModel model =
        new ChatModel(services.upstream().gateway(), alias, services.upstream().timeout());
    // the question and the sources are guarded by the ask pipeline: the gateway checks the answer
    CallNotes notes = new CallNotes();
    notes.markInputGuarded();
    String keyId = p.keyId().equals("-") ? "" : p.keyId();
    AnswerPrompt prompt =
        answerPrompt(p.tenant(), Rollout.subject(user, keyId, RequestIds.of(ctx)));
    notes.prompt(prompt.ref());
    ctx.header(PromptRequests.HEADER, prompt.ref());
    return answering.askWithModel(
        Answering.caller(ctx, user),
        collection,
        alias,
        prompt.ref(),
        question,
        k,
        mode,
        filter,
        version ->
            new LlmGenerator(
                model.withMetadata(
                    new RequestMetadata(
                        RequestIds.of(ctx),
                        p.tenant(),
                        keyId,
                        user == null ? "" : user,
                        Map.of(COLLECTION_VERSION, version),
                        notes)),
                new LexicalSupport(),
                LlmGenerator.DEFAULT_MAX_SENTENCES,
                prompt));
  }

  /**
   * The tenant's version of the grounded-answer prompt ({@code production}, split by {@code
   * subject}); the shipped one when the server has no registry.
   */
  private AnswerPrompt answerPrompt(String tenant, String subject) {
    Registry registry = services.registry();
    if (registry == null) return AnswerPrompt.shipped();
    return registry
        .resolve(tenant, Kind.PROMPT, AnswerPrompt.NAME, Optional.empty(), "", subject)
        .map(
            r ->
                new AnswerPrompt(
                    PromptTemplate.of(AnswerPrompt.NAME, r.version().body()), r.version().ref()))
        .orElseGet(AnswerPrompt::shipped);
  }
}
