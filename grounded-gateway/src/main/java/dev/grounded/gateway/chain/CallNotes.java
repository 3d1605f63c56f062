package dev.grounded.gateway.chain;

import java.util.Optional;

/**
 * What the stages did with one request, for whoever answers the caller and for the ledger: written
 * by the stage that knows (the cache, the fallback stage), read after the chain returned or after a
 * stream ended. Requests are copied as they travel the chain; the notes are shared by reference
 * through {@link RequestMetadata}, so every copy sees the same notes. Belongs to the one request;
 * fields are volatile because a stream may be drained on another thread than the one that opened
 * it.
 */
public final class CallNotes {
  /** How the cache answered, sent to the caller as {@code x-grounded-cache}. */
  public enum CacheOutcome {
    /** The cache was not consulted (no cache, opted out, temperature > 0, a stream). */
    BYPASS,
    MISS,
    /** The same normalized request was answered before. */
    HIT,
    /** A differently worded last user turn the verifier accepted. */
    SEMANTIC;

    /** The header value: {@code hit}, {@code semantic}, {@code miss} or {@code bypass}. */
    public String header() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private volatile CacheOutcome cache = CacheOutcome.BYPASS;
  private volatile Target target;
  private volatile int attempts;
  private final java.util.Set<String> guard = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean inputGuarded;
  private volatile Usage failedUsage = Usage.NONE;
  private volatile String prompt = "";
  private volatile String aliasVersion = "";

  public CacheOutcome cache() {
    return cache;
  }

  public void cache(CacheOutcome outcome) {
    this.cache = java.util.Objects.requireNonNull(outcome, "outcome");
  }

  /** The provider and model that answered, once one did; empty for a cache hit or unrouted call. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  public void target(Target t) {
    this.target = java.util.Objects.requireNonNull(t, "target");
  }

  /** Upstream attempts made, retries and fallbacks included. */
  public int attempts() {
    return attempts;
  }

  public void attempted() {
    attempts++;
  }

  /**
   * What the guard stage did, as {@code action:type} entries sorted ({@code flag:pii.email}, {@code
   * redact:secret.api_key}); sent to the caller as {@code x-grounded-guard}.
   */
  public java.util.List<String> guard() {
    return guard.stream().sorted().toList();
  }

  public void guarded(String action, String type) {
    guard.add(action + ":" + type);
  }

  /**
   * Tokens upstreams spent on a request that still failed (replies the structured-output stage
   * rejected up to its last re-ask): what the ledger and the budget charge for the failure. {@link
   * Usage#NONE} for other failures, whose upstream answered nothing.
   */
  public Usage failedUsage() {
    return failedUsage;
  }

  public void failedUsage(Usage spent) {
    this.failedUsage = java.util.Objects.requireNonNull(spent, "spent");
  }

  /**
   * Whether the request's messages were built by Grounded from a question and sources its own
   * guardrails already checked (the {@code rag:} pipeline with a model generator): the guard stage
   * then checks only the answer. Set in code by the caller that built the prompt, never from a
   * client's request.
   */
  public boolean inputGuarded() {
    return inputGuarded;
  }

  public void markInputGuarded() {
    this.inputGuarded = true;
  }

  /**
   * The registered prompt the request's messages were rendered from, as {@code name@version}; empty
   * when the caller sent its own messages. Sent to the caller as {@code x-grounded-prompt}; for the
   * audit log.
   */
  public String prompt() {
    return prompt;
  }

  public void prompt(String nameAtVersion) {
    this.prompt = java.util.Objects.requireNonNull(nameAtVersion, "prompt");
  }

  /**
   * The registry version of the alias the router used, as {@code alias@version}; empty when the
   * configured alias applied. Sent to the caller as {@code x-grounded-model-version}.
   */
  public String aliasVersion() {
    return aliasVersion;
  }

  public void aliasVersion(String aliasAtVersion) {
    this.aliasVersion = java.util.Objects.requireNonNull(aliasAtVersion, "aliasVersion");
  }
}
