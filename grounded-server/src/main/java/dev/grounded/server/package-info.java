/**
 * The HTTP service: the OpenAI-compatible {@code /v1} API, the {@code /api} knowledge API, health
 * and documentation routes. Handlers only: they parse and validate requests, call the stages
 * ({@link dev.grounded.ingest.KnowledgeBase}, {@link dev.grounded.answer.Asker}, the embedder) and
 * shape responses; no retrieval or answering logic lives here.
 *
 * <p>{@link dev.grounded.server.GroundedServer} assembles the routes in one place. Requests run on
 * virtual threads; every error leaves as OpenAI's {@code {"error":{message,type,param,code}}} with
 * the status of its {@link dev.grounded.core.ErrorCode}, except on Anthropic's Messages API ({@link
 * dev.grounded.server.MessagesRoutes}, {@code POST /v1/messages}, answered by the same gateway
 * chain as {@code /v1/chat/completions}), whose errors take Anthropic's shape. Each request belongs
 * to a tenant (from its API key, or {@code default} when the server runs without keys on loopback);
 * a tenant sees only its own collections, jobs, prompts and alias versions, and anything else is
 * reported as not found.
 *
 * <p>{@link dev.grounded.server.RegistryRoutes} serves the tenant's registry ({@code /api/prompts},
 * {@code /api/aliases}); {@link dev.grounded.server.PromptRequests} renders a chat request's {@code
 * prompt} into messages before the gateway; {@link dev.grounded.server.RegistryViews} (public) is
 * the JSON both the API and {@code grounded prompts --json} print.
 *
 * <p>Below Javalin, {@link dev.grounded.server.RequestGate} refuses a body over its limit on the
 * declared {@code Content-Length} and caps the request bytes in flight ({@link
 * dev.grounded.server.RequestLimits}); {@link dev.grounded.server.JsonErrorHandler} gives Jetty's
 * own errors (400, 408, 414, 431, 505, 500) the same JSON shape. Without keys (open mode) {@link
 * dev.grounded.server.LocalOrigin} admits only loopback {@code Host}s and no or same-server {@code
 * Origin}.
 *
 * <p>Jobs ({@link dev.grounded.server.Jobs}: ingests and asynchronous evaluations) run on the
 * services' executor, bounded per tenant, and are recorded with their input in the data directory's
 * {@code grounded.db} ({@link dev.grounded.server.JobStore}, public for {@code grounded jobs}); a
 * server starting after one died resumes its unfinished jobs or reports them lost. Uploads wait
 * under {@code <data>/tmp}.
 */
package dev.grounded.server;
