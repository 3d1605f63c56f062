package dev.grounded.cli;

import static dev.grounded.core.config.SettingType.bool;
import static dev.grounded.core.config.SettingType.choice;
import static dev.grounded.core.config.SettingType.decimal;
import static dev.grounded.core.config.SettingType.duration;
import static dev.grounded.core.config.SettingType.integer;
import static dev.grounded.core.config.SettingType.listOf;
import static dev.grounded.core.config.SettingType.longInteger;
import static dev.grounded.core.config.SettingType.path;
import static dev.grounded.core.config.SettingType.string;

import dev.grounded.core.config.Section;
import dev.grounded.core.config.Setting;
import dev.grounded.core.config.Settings;
import dev.grounded.gateway.cache.CacheSettings;
import dev.grounded.gateway.provider.AnthropicProvider;
import dev.grounded.gateway.reliability.BreakerPolicy;
import dev.grounded.gateway.reliability.RetryPolicy;
import dev.grounded.index.RetrievalSettings;
import dev.grounded.ingest.IngestOptions;
import dev.grounded.ingest.parse.ParseLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every key of {@code grounded.yaml}, in README's order. Adding a setting is one line here plus the
 * code that reads it: either a picocli option with {@code descriptionKey = "<key>"} (its default
 * then comes from the configuration, see {@link ConfigDefaults}) or {@code
 * config().get(GroundedSettings.X)} where the value is used.
 */
final class GroundedSettings {
  private GroundedSettings() {}

  static final Settings ALL = new Settings();

  static final Setting<Path> DATA_DIR =
      ALL.add(
          Setting.of(
                  "data_dir",
                  path(),
                  Path.of("grounded-data"),
                  "Data directory (index, database). In a file only when it is given by --config"
                      + " or GROUNDED_CONFIG.")
              .withEnv("GROUNDED_DATA"));

  static final Setting<String> COLLECTION =
      ALL.add(
          Setting.of(
              "collection",
              string(),
              "default",
              "Collection that ingest, status, search and ask use when --collection is not given."));

  static final Setting<String> SERVER_HOST =
      ALL.add(
          Setting.of(
              "server.host",
              string(),
              "127.0.0.1",
              "Address to listen on; any other than loopback needs an API key."));

  static final Setting<Integer> SERVER_PORT =
      ALL.add(
          Setting.of("server.port", integer(0, 65535), 8080, "Port to listen on (0: a free one)."));

  static final Setting<Long> SERVER_MAX_UPLOAD_MB =
      ALL.add(
          Setting.of(
              "server.max_upload_mb",
              longInteger(1, 1L << 20),
              50L,
              "Largest accepted upload, in MiB."));

  static final Setting<Long> SERVER_MAX_JSON_MB =
      ALL.add(
          Setting.of(
              "server.max_json_mb",
              longInteger(1, 1L << 10),
              4L,
              "Largest accepted JSON request body, in MiB; larger ones get 413."));

  static final Setting<Long> SERVER_MAX_INFLIGHT_REQUEST_MB =
      ALL.add(
          Setting.of(
              "server.max_inflight_request_mb",
              longInteger(1, 1L << 20),
              256L,
              "Request bytes all clients together may be sending at once, in MiB; more get 503"
                  + " with Retry-After."));

  static final Setting<Duration> SERVER_BODY_TIMEOUT =
      ALL.add(
          Setting.of(
              "server.body_timeout",
              duration(Duration.ofSeconds(1), Duration.ofHours(1)),
              Duration.ofSeconds(10),
              "How long a client may send nothing while its request body is expected; then 408"
                  + " and the connection closes."));

  static final Setting<Integer> SERVER_MAX_EMBEDDING_TOKENS =
      ALL.add(
          Setting.of(
              "server.max_embedding_tokens_per_request",
              integer(1, 10_000_000),
              100_000,
              "Most tokens one POST /v1/embeddings may embed (counted with the model's tokenizer);"
                  + " more is a 400."));

  static final Setting<List<Path>> SERVER_INGEST_ROOTS =
      ALL.add(
          Setting.of(
              "server.ingest_roots",
              listOf(path()),
              List.of(),
              "Folders clients may ingest by server-side path (a YAML list; in the environment"
                  + " separated by ':')."));

  static final Setting<String> SERVER_ACCESS_LOG =
      ALL.add(
          Setting.of(
              "server.access_log",
              string(),
              "-",
              "Where the JSON access log goes: a file, or '-' for stdout."));

  static final Setting<Duration> SERVER_SHUTDOWN_TIMEOUT =
      ALL.add(
          Setting.of(
              "server.shutdown_timeout",
              duration(Duration.ZERO, Duration.ofHours(1)),
              Duration.ofSeconds(20),
              "How long a stop waits for requests in flight, then for running jobs (those still"
                  + " unfinished are resumed by the next server)."));

  static final Setting<Integer> INGEST_MAX_PAGES =
      ALL.add(
          Setting.of(
              "ingest.max_pages",
              integer(1, Integer.MAX_VALUE),
              ParseLimits.DEFAULTS.maxPages(),
              "Pages a PDF may declare; a longer one fails alone (413) before its text is read."));

  static final Setting<Integer> INGEST_MAX_CHARS =
      ALL.add(
          Setting.of(
              "ingest.max_chars",
              integer(1, Integer.MAX_VALUE),
              ParseLimits.DEFAULTS.maxChars(),
              "Characters of text one document may yield; more fails it alone (413), stopped"
                  + " while parsing."));

  static final Setting<Integer> INGEST_MAX_CHUNKS =
      ALL.add(
          Setting.of(
              "ingest.max_chunks",
              integer(1, Integer.MAX_VALUE),
              ParseLimits.DEFAULTS.maxChunks(),
              "Chunks one document may be cut into (bounds its embedding time); more fails it"
                  + " alone (413)."));

  static final Setting<Duration> INGEST_PARSE_TIMEOUT =
      ALL.add(
          Setting.of(
              "ingest.parse_timeout",
              duration(Duration.ofMillis(1), Duration.ofHours(24)),
              ParseLimits.DEFAULTS.parseTimeout(),
              "Wall-clock time one file's parse may take; then it fails alone (422)."));

  static final Setting<Long> INGEST_ZIP_MAX_ENTRY_BYTES =
      ALL.add(
          Setting.of(
              "ingest.zip_max_entry_bytes",
              longInteger(1, Long.MAX_VALUE),
              ParseLimits.DEFAULTS.zipMaxEntryBytes(),
              "Bytes one entry of a zip-based document (DOCX, PPTX) may inflate to; more fails"
                  + " it alone (413)."));

  static final Setting<Double> INGEST_ZIP_MIN_INFLATE_RATIO =
      ALL.add(
          Setting.of(
              "ingest.zip_min_inflate_ratio",
              decimal(0, 0.5),
              ParseLimits.DEFAULTS.zipMinInflateRatio(),
              "Least compressed/inflated size ratio of a zip entry past its first 100 KiB (0.01:"
                  + " 100:1); below it the file is a decompression bomb and fails alone (422)."));

  static final Setting<Duration> INGEST_LOCK_WAIT =
      ALL.add(
          Setting.of(
                  "ingest.lock_wait",
                  duration(Duration.ZERO, Duration.ofHours(24)),
                  IngestOptions.DEFAULT_LOCK_WAIT,
                  "How long a write (ingest, delete) waits for a collection another process is"
                      + " writing, then fails with a conflict (409; CLI exit 1).")
              .withEnv("GROUNDED_INGEST_LOCK_WAIT", "GROUNDED_LOCK_WAIT"));

  static final Setting<Integer> SERVER_MAX_QUEUED_JOBS =
      ALL.add(
          Setting.of(
              "server.max_queued_jobs_per_tenant",
              integer(1, 1_000_000),
              16,
              "Jobs (ingests and asynchronous evaluations) one tenant may have queued or"
                  + " running; more get 429 with Retry-After."));

  static final Setting<Long> SERVER_MAX_QUEUED_UPLOAD_MB =
      ALL.add(
          Setting.of(
              "server.max_queued_upload_mb_per_tenant",
              longInteger(1, 1L << 20),
              256L,
              "MiB of uploads one tenant's queued or running jobs may hold; more get 429 with"
                  + " Retry-After."));

  /** The ingest limits of a resolved configuration. */
  static ParseLimits parseLimits(dev.grounded.core.config.Config c) {
    return new ParseLimits(
        c.get(INGEST_MAX_PAGES),
        c.get(INGEST_MAX_CHARS),
        c.get(INGEST_MAX_CHUNKS),
        c.get(INGEST_PARSE_TIMEOUT),
        c.get(INGEST_ZIP_MAX_ENTRY_BYTES),
        c.get(INGEST_ZIP_MIN_INFLATE_RATIO));
  }

  static final Setting<Path> RERANK_MODEL =
      ALL.add(
          Setting.optional(
                  "rerank.model",
                  path(),
                  "Cross-encoder directory that reranks hybrid hits (search, ask, serve, eval);"
                      + " unset: no reranking.")
              .withEnv("GROUNDED_RERANK_MODEL", "GROUNDED_RERANKER"));

  static final Setting<Integer> RERANK_DEPTH =
      ALL.add(
          Setting.optional(
              "rerank.depth",
              integer(1, 1000),
              "Hits the reranker reads; unset: the collection's saved depth, else "
                  + RetrievalSettings.DEFAULT_RERANK_DEPTH
                  + "."));

  static final Setting<String> SEARCH_MODE =
      ALL.add(
          Setting.of(
              "search.mode",
              choice("bm25", "dense", "hybrid"),
              "hybrid",
              "Retrieval mode of grounded search."));

  static final Setting<Integer> SEARCH_TOP_K =
      ALL.add(Setting.of("search.top_k", integer(1, 1000), 10, "Chunks grounded search prints."));

  static final Setting<Integer> ASK_TOP_K =
      ALL.add(Setting.of("ask.top_k", integer(1, 1000), 5, "Chunks grounded ask reads."));

  static final Setting<String> ANSWER_GENERATOR =
      ALL.add(
          Setting.of(
              "answer.generator",
              string(),
              GeneratorOptions.EXTRACTIVE,
              "The answerer of ask and eval answers: extractive, reader:DIR or model:NAME."));

  static final Setting<Double> ANSWER_MIN_SCORE =
      ALL.add(
          Setting.optional(
              "answer.min_score",
              decimal(0, 1),
              "Extractive and reader generators abstain below this confidence; unset: "
                  + dev.grounded.answer.ExtractiveOptions.DEFAULT_MIN_SCORE
                  + " (extractive), 0.5 (reader)."));

  static final Setting<String> LLM_BASE_URL =
      ALL.add(
          Setting.optional(
                  "llm.base_url",
                  string(),
                  "OpenAI-compatible API base of model:NAME generators, e.g."
                      + " http://localhost:11434/v1.")
              .withEnv("GROUNDED_LLM_BASE_URL", "OPENAI_BASE_URL"));

  static final Setting<String> LLM_API_KEY_ENV =
      ALL.add(
          Setting.of(
              "llm.api_key_env",
              string(),
              "OPENAI_API_KEY",
              "Name of the environment variable that holds the model's API key (the key itself"
                  + " is never read from the file)."));

  static final Setting<Duration> GATEWAY_TIMEOUT =
      ALL.add(
          Setting.of(
              "gateway.timeout",
              duration(Duration.ofSeconds(1), Duration.ofHours(1)),
              Duration.ofSeconds(120),
              "Total deadline of one call to an upstream model alias, retries and streaming"
                  + " included."));

  static final Setting<Duration> GATEWAY_CONNECT_TIMEOUT =
      ALL.add(
          Setting.of(
              "gateway.connect_timeout",
              duration(Duration.ofMillis(100), Duration.ofMinutes(5)),
              Duration.ofSeconds(5),
              "How long a connection to an upstream provider may take to open."));

  static final Setting<Integer> GATEWAY_RETRY_MAX_ATTEMPTS =
      ALL.add(
          Setting.of(
              "gateway.retry.max_attempts",
              integer(1, 10),
              RetryPolicy.DEFAULT.maxAttempts(),
              "Upstream calls per request at most, the first included (429, 5xx, resets and slow"
                  + " first tokens are retried; a stream that has begun never is)."));

  static final Setting<Duration> GATEWAY_RETRY_INITIAL_BACKOFF =
      ALL.add(
          Setting.of(
              "gateway.retry.initial_backoff",
              duration(Duration.ZERO, Duration.ofMinutes(1)),
              RetryPolicy.DEFAULT.initialBackoff(),
              "Wait before the first retry; doubled each time, jittered (a random time between"
                  + " half and all of it)."));

  static final Setting<Duration> GATEWAY_RETRY_MAX_BACKOFF =
      ALL.add(
          Setting.of(
              "gateway.retry.max_backoff",
              duration(Duration.ZERO, Duration.ofMinutes(10)),
              RetryPolicy.DEFAULT.maxBackoff(),
              "Longest wait between retries (at least gateway.retry.initial_backoff)."));

  static final Setting<Duration> GATEWAY_RETRY_MAX_RETRY_AFTER =
      ALL.add(
          Setting.of(
              "gateway.retry.max_retry_after",
              duration(Duration.ZERO, Duration.ofHours(1)),
              RetryPolicy.DEFAULT.maxRetryAfter(),
              "An upstream Retry-After longer than this is not waited for: the 429 goes to the"
                  + " client with it."));

  static final Setting<Integer> GATEWAY_BREAKER_FAILURES =
      ALL.add(
          Setting.of(
              "gateway.breaker.failures",
              integer(1, 1000),
              BreakerPolicy.DEFAULT.failures(),
              "Consecutive failed calls (each after its retries) that open a target's circuit"
                  + " breaker: it then gets no requests (its alias falls back) until the cool-down"
                  + " ends."));

  static final Setting<Duration> GATEWAY_BREAKER_COOL_DOWN =
      ALL.add(
          Setting.of(
              "gateway.breaker.cool_down",
              duration(Duration.ofSeconds(1), Duration.ofHours(24)),
              BreakerPolicy.DEFAULT.coolDown(),
              "How long an open breaker sends nothing to its target; then one probe request"
                  + " decides whether it closes."));

  static final Setting<Boolean> CACHE_ENABLED =
      ALL.add(
          Setting.of(
              "cache.enabled",
              bool(),
              true,
              "Answer repeated requests to upstream model aliases from an in-memory cache (only"
                  + " temperature 0, or with the x-grounded-cache: yes header)."));

  static final Setting<Duration> CACHE_TTL =
      ALL.add(
          Setting.of(
              "cache.ttl",
              duration(Duration.ofSeconds(1), Duration.ofDays(30)),
              CacheSettings.DEFAULT.ttl(),
              "How long a cached answer may be served after it was stored."));

  static final Setting<Integer> CACHE_MAX_ENTRIES =
      ALL.add(
          Setting.of(
              "cache.max_entries",
              integer(1, 10_000_000),
              CacheSettings.DEFAULT.maxEntries(),
              "Cached answers kept at most; the least recently used goes first."));

  static final Setting<Long> CACHE_MAX_MB =
      ALL.add(
          Setting.of(
              "cache.max_mb",
              longInteger(1, 1_000_000),
              CacheSettings.DEFAULT.maxBytes() >> 20,
              "Memory the cached answers may take at most (estimated); the least recently used"
                  + " goes first."));

  static final Setting<Boolean> CACHE_SEMANTIC =
      ALL.add(
          Setting.of(
              "cache.semantic",
              bool(),
              CacheSettings.DEFAULT.semantic(),
              "Also serve a cached answer to a reworded last user turn the verifier accepts"
                  + " (embeds each cacheable request's last turn with the local model)."));

  static final Setting<String> PROVIDER_BASE_URL =
      Setting.optional(
          "base_url",
          string(),
          "API base: for type openai required, e.g. https://api.openai.com/v1"
              + " (/chat/completions is appended); for type anthropic https://api.anthropic.com"
              + " unless given (/v1/messages is appended).");

  static final Setting<String> PROVIDER_TYPE =
      Setting.of(
          "type",
          choice("openai", "anthropic"),
          "openai",
          "The API it speaks: openai (any OpenAI-compatible server) or anthropic (the Messages"
              + " API; clients still use the OpenAI shape, Grounded translates).");

  static final Setting<Integer> PROVIDER_MAX_TOKENS =
      Setting.of(
          "default_max_tokens",
          integer(1, 1_000_000),
          AnthropicProvider.DEFAULT_MAX_TOKENS,
          "type anthropic only: max_tokens sent when the client sets none (Anthropic requires"
              + " it).");

  static final Setting<String> PROVIDER_API_KEY_ENV =
      Setting.of(
          "api_key_env",
          string(),
          "",
          "Environment variable holding the provider's API key (never the key itself); empty:"
              + " no key (Ollama, vLLM, llama.cpp).");

  static final Setting<Duration> PROVIDER_FIRST_TOKEN_TIMEOUT =
      Setting.of(
          "first_token_timeout",
          duration(Duration.ofMillis(100), Duration.ofHours(1)),
          Duration.ofSeconds(30),
          "A stream's response and first chunk must arrive within it, else the attempt is"
              + " retried.");

  static final Section PROVIDERS =
      ALL.addSection(
          new Section(
              "providers",
              "An upstream model server, under a name of your choice.",
              List.of(
                  PROVIDER_BASE_URL,
                  PROVIDER_TYPE,
                  PROVIDER_API_KEY_ENV,
                  PROVIDER_FIRST_TOKEN_TIMEOUT,
                  PROVIDER_MAX_TOKENS),
              Set.of()));

  static final Setting<String> MODEL_PROVIDER =
      Setting.optional(
          "provider",
          string(),
          "The provider (a providers.<name>) that serves it; with model, the short form of one"
              + " target (else give targets).");

  static final Setting<String> MODEL_MODEL =
      Setting.optional(
          "model",
          string(),
          "The model's name at the provider, e.g. gpt-4o-mini; clients ask for <alias>.");

  static final Setting<List<String>> MODEL_TARGETS =
      Setting.optional(
          "targets",
          listOf(string()),
          "Instead of provider + model: provider/model targets (split at the first /), the first"
              + " one drawn by weight, the others tried in order if it fails.");

  static final Setting<List<Integer>> MODEL_WEIGHTS =
      Setting.optional(
          "weights",
          listOf(integer(1, 1_000_000)),
          "The targets' relative shares of the traffic, one per target (default: equal).");

  static final Setting<List<String>> MODEL_FALLBACKS =
      Setting.of(
          "fallbacks",
          listOf(string()),
          List.of(),
          "provider/model targets tried in order after the targets failed (each after its"
              + " retries) or while their breakers are open.");

  static final Section MODELS =
      ALL.addSection(
          new Section(
              "models",
              "A model alias clients send as 'model' to /v1/chat/completions.",
              List.of(MODEL_PROVIDER, MODEL_MODEL, MODEL_TARGETS, MODEL_WEIGHTS, MODEL_FALLBACKS),
              Set.of()));

  static final Setting<String> RULE_MODEL =
      Setting.optional(
          "model", string(), "Required. The model name the rule applies to, e.g. auto.");

  static final Setting<String> RULE_ALIAS =
      Setting.optional("alias", string(), "Required. The models.<alias> a matching request uses.");

  static final Setting<String> RULE_PROMPT =
      Setting.optional(
          "prompt_matches",
          string(),
          "A regular expression found in the last user message (e.g. (?i)prove|theorem).");

  static final Setting<Long> RULE_MIN_CHARS =
      Setting.optional(
          "min_chars", longInteger(0, Long.MAX_VALUE), "Prompt length (all messages) at least.");

  static final Setting<Long> RULE_MAX_CHARS =
      Setting.optional(
          "max_chars", longInteger(0, Long.MAX_VALUE), "Prompt length (all messages) at most.");

  static final Setting<Long> RULE_MIN_TOKENS =
      Setting.optional(
          "min_tokens",
          longInteger(0, Long.MAX_VALUE),
          "Prompt length at least, in estimated tokens (characters / 4); not with min/max_chars.");

  static final Setting<Long> RULE_MAX_TOKENS =
      Setting.optional(
          "max_tokens",
          longInteger(0, Long.MAX_VALUE),
          "Prompt length at most, in estimated tokens.");

  static final Setting<List<String>> RULE_METADATA =
      Setting.of(
          "metadata",
          listOf(string()),
          List.of(),
          "key=value pairs that must all hold: tenant, key_id and user are the caller's, other"
              + " keys the request's OpenAI metadata object.");

  static final Setting<List<String>> RULE_HEADERS =
      Setting.of(
          "headers",
          listOf(string()),
          List.of(),
          "name=value pairs of request headers that must all hold; only x-grounded-* headers"
              + " reach the rules.");

  static final Section RULES =
      ALL.addSection(
          new Section(
              "gateway.rules",
              "A routing rule, tried in the file's order: the first that matches picks the alias.",
              List.of(
                  RULE_MODEL,
                  RULE_ALIAS,
                  RULE_PROMPT,
                  RULE_MIN_CHARS,
                  RULE_MAX_CHARS,
                  RULE_MIN_TOKENS,
                  RULE_MAX_TOKENS,
                  RULE_METADATA,
                  RULE_HEADERS),
              Set.of("model", "alias")));
  // --- routers.<name>: the classifier router (issue 13, helper "classifier") ---

  static final Setting<Path> ROUTER_CLASSIFIER =
      Setting.optional(
          "classifier",
          path(),
          "Required. The model file 'grounded route train' wrote (relative to this file).");

  static final Setting<String> ROUTER_CHEAP =
      Setting.optional(
          "cheap",
          string(),
          "Required. The alias (a models.<name>) for prompts the model deems easy.");

  static final Setting<String> ROUTER_STRONG =
      Setting.optional(
          "strong",
          string(),
          "Required. The alias (a models.<name>) for prompts whose probability of needing it is at"
              + " least the threshold.");

  static final Setting<Double> ROUTER_THRESHOLD =
      Setting.optional(
          "threshold",
          decimal(0, 1),
          "Send to strong at or above this probability (default: the one the model was trained"
              + " with).");

  static final Section ROUTERS =
      ALL.addSection(
          new Section(
              "routers",
              "A model name clients send, routed by a trained classifier to a cheap or a strong"
                  + " alias.",
              List.of(ROUTER_CLASSIFIER, ROUTER_CHEAP, ROUTER_STRONG, ROUTER_THRESHOLD),
              Set.of("classifier", "cheap", "strong")));

  // --- budgets, rate limits, ledger and prices (issue 13, limits) ---

  static final Setting<Integer> GATEWAY_LIMITS_DEFAULT_MAX_TOKENS =
      ALL.add(
          Setting.of(
              "gateway.limits.default_max_tokens",
              integer(1, 10_000_000),
              4096,
              "Output tokens a call without max_tokens is assumed to reach when its worst-case cost"
                  + " is reserved against budgets and tokens-per-minute limits."));

  static final Setting<Duration> GATEWAY_BUDGET_RESERVATION_TTL =
      ALL.add(
          Setting.of(
              "gateway.budget.reservation_ttl",
              duration(Duration.ofMinutes(1), Duration.ofHours(24)),
              dev.grounded.gateway.budget.Budgets.DEFAULT_RESERVATION_TTL,
              "An unsettled reservation (its server crashed mid-call) stops holding budget after"
                  + " this; at least gateway.timeout."));

  static final Setting<Integer> GATEWAY_LEDGER_RETENTION_DAYS =
      ALL.add(
          Setting.of(
              "gateway.ledger.retention_days",
              integer(0, 100_000),
              400,
              "Ledger rows (one per model call) older than this many days are deleted; 0 keeps"
                  + " them forever."));

  static final Setting<String> PRICE_INPUT =
      Setting.optional(
          "input_per_1m",
          string(),
          "Required. USD per 1M input (prompt) tokens of the model, e.g. 0.15 (at most 6"
              + " decimals).");

  static final Setting<String> PRICE_OUTPUT =
      Setting.optional(
          "output_per_1m",
          string(),
          "Required. USD per 1M output (completion) tokens of the model, e.g. 0.60.");

  static final Section PRICES =
      ALL.addSection(
          new Section(
              "prices",
              "The price of an upstream model (its name at the provider), replacing or adding to"
                  + " the built-in prices.",
              List.of(PRICE_INPUT, PRICE_OUTPUT),
              Set.of("input_per_1m", "output_per_1m")));

  // --- audit (issue 16) ---

  static final Setting<Boolean> AUDIT_ENABLED =
      ALL.add(
          Setting.of(
              "audit.enabled",
              bool(),
              true,
              "Keep the hash-chained audit log: one record per model call and per grounded answer"
                  + " (grounded audit verify|export)."));

  static final Setting<List<String>> AUDIT_TEXT_TENANTS =
      ALL.add(
          Setting.of(
              "audit.text_tenants",
              listOf(string()),
              List.of(),
              "Tenants whose prompts and answers the audit log keeps in full beside their keyed"
                  + " hashes (* for all); by default none: records hold hashes only."));

  static final Setting<Integer> AUDIT_CHECKPOINT_EVERY =
      ALL.add(
          Setting.of(
              "audit.checkpoint_every",
              integer(1, 10_000_000),
              1000,
              "Sign a checkpoint of the audit chain after this many records."));

  static final Setting<Integer> AUDIT_CHECKPOINT_MINUTES =
      ALL.add(
          Setting.of(
              "audit.checkpoint_minutes",
              integer(0, 1_000_000),
              5,
              "And at the first record after this many minutes since the last checkpoint (0: at"
                  + " every write)."));

  // --- drift (issue 16) ---

  static final Setting<Boolean> DRIFT_ENABLED =
      ALL.add(
          Setting.of(
              "drift.enabled",
              bool(),
              true,
              "Sample answers and watch their daily series (abstention, citation support, guard"
                  + " actions, withheld chunks) for drift; needs audit.enabled."));

  static final Setting<Double> DRIFT_SAMPLE_RATE =
      ALL.add(
          Setting.of(
              "drift.sample_rate", decimal(0, 1), 0.1, "The share of answers sampled (0 to 1)."));

  static final Setting<Integer> DRIFT_BASELINE_DAYS =
      ALL.add(
          Setting.of(
              "drift.baseline_days",
              integer(1, 365),
              7,
              "Today is compared with this many days before it, pooled."));

  static final Setting<Integer> DRIFT_MIN_SAMPLES =
      ALL.add(
          Setting.of(
              "drift.min_samples",
              integer(1, 1_000_000),
              20,
              "Today and the baseline each need this many samples before they are compared."));

  static final Setting<Integer> DRIFT_CHECK_MINUTES =
      ALL.add(
          Setting.of(
              "drift.check_minutes",
              integer(1, 100_000),
              60,
              "How often a server compares today with the baseline."));

  static final Setting<String> DRIFT_WEBHOOK =
      ALL.add(
          Setting.of(
              "drift.webhook",
              string(),
              "",
              "A URL each drift alert is POSTed to as JSON (empty: none; alerts are also logged"
                  + " and counted)."));

  static final Setting<Integer> DRIFT_REPLAY_HOURS =
      ALL.add(
          Setting.of(
              "drift.replay_hours",
              integer(0, 100_000),
              24,
              "How often a server replays the failure set (grounded feedback export --failures)"
                  + " against the collections as they are now (0: never)."));

  static final Setting<Double> DRIFT_BAND_REPLAY =
      ALL.add(
          Setting.of(
              "drift.bands.replay_pass_rate",
              decimal(0, 1),
              0.10,
              "Alert when a collection's failure set passes this much less than at its replay"
                  + " before (0: never)."));

  static final Setting<Double> DRIFT_BAND_ABSTENTION =
      ALL.add(
          Setting.of(
              "drift.bands.abstention_rate",
              decimal(0, 1),
              0.15,
              "Alert when today's share of abstentions moves this far from the baseline (0: never)."));

  static final Setting<Double> DRIFT_BAND_SUPPORT =
      ALL.add(
          Setting.of(
              "drift.bands.support",
              decimal(0, 1),
              0.15,
              "Alert when today's mean citation support moves this far (0: never)."));

  static final Setting<Double> DRIFT_BAND_GUARD =
      ALL.add(
          Setting.of(
              "drift.bands.guard_rate",
              decimal(0, 1),
              0.10,
              "Alert when today's share of answers with a guardrail action moves this far (0:"
                  + " never)."));

  static final Setting<Double> DRIFT_BAND_WITHHELD =
      ALL.add(
          Setting.of(
              "drift.bands.withheld_rate",
              decimal(0, 1),
              0.10,
              "Alert when today's share of answers with a withheld chunk moves this far (0:"
                  + " never)."));

  // --- guardrails (issue 15) ---

  static final Setting<Boolean> GUARD_ENABLED =
      ALL.add(
          Setting.of(
              "guard.enabled",
              bool(),
              true,
              "Run the guardrails (injection, PII and secrets, content policy) on questions,"
                  + " retrieved chunks and answers, and in the gateway's chain."));

  static final Setting<Integer> GUARD_STREAM_HOLD_BACK =
      ALL.add(
          Setting.of(
              "guard.stream_hold_back",
              integer(0, 4096),
              32,
              "Characters of a streamed answer held back until what follows is known, so a"
                  + " secret cut across chunks is redacted before it is sent (0: none)."));

  static final Setting<List<String>> GUARD_RULE_TYPES =
      Setting.of(
          "types",
          listOf(string()),
          List.of(),
          "Finding types or prefixes the rule matches (injection, pii, pii.email, secret,"
              + " policy); empty: all.");

  static final Setting<List<String>> GUARD_RULE_SOURCES =
      Setting.of(
          "sources",
          listOf(choice("input", "chunk", "output", "document")),
          List.of(),
          "Where the text comes from: input (questions, user messages), chunk (retrieved chunks,"
              + " tool results), output (answers), document (ingest); empty: all.");

  static final Setting<List<String>> GUARD_RULE_TENANTS =
      Setting.of(
          "tenants", listOf(string()), List.of(), "Tenants the rule applies to; empty: all.");

  static final Setting<List<String>> GUARD_RULE_MODELS =
      Setting.of(
          "models",
          listOf(string()),
          List.of(),
          "Models the rule applies to, * as a wildcard (rag:*, gpt-4o*; ask for the CLI);"
              + " empty: all.");

  static final Setting<String> GUARD_RULE_MIN_SEVERITY =
      Setting.of(
          "min_severity",
          choice("low", "medium", "high"),
          "low",
          "Findings less severe than this do not match.");

  static final Setting<Double> GUARD_RULE_MIN_SCORE =
      Setting.of("min_score", decimal(0, 1), 0.0, "Findings scoring lower do not match.");

  static final Setting<String> GUARD_RULE_ACTION =
      Setting.optional(
          "action",
          choice("allow", "flag", "pseudonymize", "redact", "block"),
          "Required. What a matching finding gets: allow, flag (recorded), pseudonymize (for the"
              + " upstream call, restored in its answer), redact or block.");

  static final Section GUARD_RULES =
      ALL.addSection(
          new Section(
              "guard.rules",
              "A guardrail policy rule, tried in the file's order before the built-in ones: the"
                  + " first that matches a finding decides its action.",
              List.of(
                  GUARD_RULE_TYPES,
                  GUARD_RULE_SOURCES,
                  GUARD_RULE_TENANTS,
                  GUARD_RULE_MODELS,
                  GUARD_RULE_MIN_SEVERITY,
                  GUARD_RULE_MIN_SCORE,
                  GUARD_RULE_ACTION),
              Set.of("action")));

  static final Setting<List<String>> GUARD_TOOLS_TENANTS =
      Setting.of(
          "tenants", listOf(string()), List.of(), "Tenants the list applies to; empty: all.");

  static final Setting<List<String>> GUARD_TOOLS_KEYS =
      Setting.of(
          "keys", listOf(string()), List.of(), "API key ids the list applies to; empty: all.");

  static final Setting<List<String>> GUARD_TOOLS_ALLOW =
      Setting.optional(
          "allow",
          listOf(string()),
          "Required. Tool names (* as a wildcard: search_*) the callers it applies to may declare"
              + " and the model may call.");

  static final Section GUARD_TOOLS =
      ALL.addSection(
          new Section(
              "guard.tools",
              "A tool allowlist: callers it applies to may use only the tools some list of theirs"
                  + " allows; callers no list applies to are unrestricted.",
              List.of(GUARD_TOOLS_TENANTS, GUARD_TOOLS_KEYS, GUARD_TOOLS_ALLOW),
              Set.of("allow")));

  static final Setting<List<String>> GUARD_CATEGORY_WORDS =
      Setting.of(
          "words",
          listOf(string()),
          List.of(),
          "Words or phrases of the category, matched as whole words, case ignored.");

  static final Setting<List<String>> GUARD_CATEGORY_PATTERNS =
      Setting.of(
          "patterns",
          listOf(string()),
          List.of(),
          "Regular expressions (Java syntax) of the category, case ignored.");

  static final Setting<String> GUARD_CATEGORY_SEVERITY =
      Setting.of(
          "severity",
          choice("low", "medium", "high"),
          "high",
          "The findings' severity: high is blocked in questions and answers by default, lower"
              + " is flagged.");

  static final Section GUARD_CATEGORIES =
      ALL.addSection(
          new Section(
              "guard.categories",
              "A content-policy category of your own: findings policy.<name> wherever its words or"
                  + " patterns occur.",
              List.of(GUARD_CATEGORY_WORDS, GUARD_CATEGORY_PATTERNS, GUARD_CATEGORY_SEVERITY),
              Set.of()));

  static final Setting<Integer> GATEWAY_STRUCTURED_MAX_REASKS =
      ALL.add(
          Setting.of(
              "gateway.structured_output.max_reasks",
              integer(0, 10),
              dev.grounded.gateway.structured.StructuredOutput.DEFAULT_REASKS,
              "A reply that does not match the request's response_format even after repair is sent"
                  + " back to the model with the errors at most this many times (0: fail at once)."));

  // --- metrics and traces (issue 16) ---

  static final Setting<Boolean> METRICS_ENABLED =
      ALL.add(
          Setting.of(
              "metrics.enabled",
              bool(),
              true,
              "Record Prometheus metrics (requests, gateway calls, tokens, cost, cache, guard"
                  + " findings, ingest, JVM) and serve them at GET /metrics."));

  static final Setting<Boolean> METRICS_REQUIRE_KEY =
      ALL.add(
          Setting.of(
              "metrics.require_key",
              bool(),
              false,
              "GET /metrics requires an API key (Authorization: Bearer, any tenant's) like /api/*;"
                  + " false: open like /healthz, for a scraper on a trusted network."));

  static final Setting<String> TRACING_OTLP_ENDPOINT =
      ALL.add(
          Setting.optional(
                  "tracing.otlp_endpoint",
                  string(),
                  "Export OpenTelemetry traces over OTLP/HTTP (protobuf) to this collector, e.g."
                      + " http://localhost:4318 (/v1/traces is added); unset: no spans are"
                      + " recorded, responses still carry a trace id.")
              .withEnv("GROUNDED_TRACING_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"));

  static final Setting<Double> TRACING_SAMPLE_RATIO =
      ALL.add(
          Setting.of(
              "tracing.sample_ratio",
              decimal(0, 1),
              1.0,
              "Share of new traces recorded when exporting; a request with a traceparent follows"
                  + " its caller's decision."));
}
