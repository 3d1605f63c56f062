package dev.grounded.gateway.price;

import dev.grounded.gateway.chain.CallNotes;
import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.chain.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call may cost before it is made and what it cost after, in one place, so that the budget
 * stage and the ledger always agree. A request names an alias; its price is that of the model that
 * answered ({@link CallNotes#target()}) when known, else the dearest of the alias's models (input
 * and output priced separately), so a reservation is never below the settled price. A model without
 * a price costs 0.
 *
 * <p>Prompt tokens before the call are an estimate: the UTF-8 bytes of the messages and tools / 3,
 * rounded up, plus 4 per message (BPE tokens average about 4 bytes of English; the estimate can
 * still be below the truth for unusual text, and the settle then charges the truth). Output tokens
 * are the request's {@code max_completion_tokens}/{@code max_tokens}, else {@code
 * defaultMaxTokens}. Immutable and thread-safe.
 */
public final class CallPricing {
  /** A call's tokens and cost in micro-dollars. */
  public record Charge(long tokensIn, long tokensOut, long micros) {
    public static final Charge NONE = new Charge(0, 0, 0);

    public long tokens() {
      return tokensIn + tokensOut;
    }
  }

  private final PriceCatalogue catalogue;
  private final Map<String, List<String>> aliasModels;
  private final long defaultMaxTokens;

  /**
   * @param catalogue prices per upstream model name
   * @param aliasModels each alias's upstream models (targets and fallbacks); a model asked for by a
   *     name not listed here is priced under that name
   * @param defaultMaxTokens the output a request without {@code max_tokens} is assumed to reach
   */
  public CallPricing(
      PriceCatalogue catalogue, Map<String, List<String>> aliasModels, long defaultMaxTokens) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.aliasModels = Map.copyOf(aliasModels);
    if (defaultMaxTokens < 1) throw new IllegalArgumentException("defaultMaxTokens must be >= 1");
    this.defaultMaxTokens = defaultMaxTokens;
  }

  /** The upstream models of {@code alias} ({@code alias} itself when it is not an alias). */
  public List<String> models(String alias) {
    return aliasModels.getOrDefault(alias, List.of(alias));
  }

  /** The worst case of {@code request}: estimated prompt tokens, maximum output, its cost. */
  public Charge worstCase(ChatRequest request) {
    long in = promptTokens(request);
    long out = request.maxTokens().isPresent() ? request.maxTokens().getAsInt() : defaultMaxTokens;
    out = Math.max(0, out);
    return new Charge(in, out, price(request.model(), Optional.empty()).worstCaseMicros(in, out));
  }

  /**
   * What {@code request} cost: nothing when the cache answered; the reported {@code usage} priced
   * for the model that answered; the worst case when the upstream reported no usage.
   */
  public Charge actual(ChatRequest request, Optional<Usage> usage) {
    CallNotes notes = request.metadata().notes();
    if (notes.cache() == CallNotes.CacheOutcome.HIT
        || notes.cache() == CallNotes.CacheOutcome.SEMANTIC) return Charge.NONE;
    if (usage.isEmpty() || usage.get().totalTokens() == 0) return worstCase(request);
    Usage u = usage.get();
    ModelPrice p = price(request.model(), notes.target());
    return new Charge(
        u.promptTokens(),
        u.completionTokens(),
        p.costMicros(u.promptTokens(), u.completionTokens()));
  }

  /** The upstream model a call went to: the answering target's, else the alias's only one. */
  public String model(ChatRequest request) {
    Optional<Target> t = request.metadata().notes().target();
    if (t.isPresent()) return t.get().model();
    List<String> models = models(request.model());
    return models.size() == 1 ? models.getFirst() : "";
  }

  private ModelPrice price(String alias, Optional<Target> target) {
    if (target.isPresent()) {
      Optional<ModelPrice> p = catalogue.find(target.get().model());
      if (p.isPresent()) return p.get();
    }
    long in = 0;
    long out = 0;
    for (String model : models(alias)) {
      Optional<ModelPrice> p = catalogue.find(model);
      if (p.isPresent()) {
        in = Math.max(in, p.get().inputMicrosPerMillion());
        out = Math.max(out, p.get().outputMicrosPerMillion());
      }
    }
    return new ModelPrice(alias, in, out);
  }

  private static long promptTokens(ChatRequest request) {
    var body = request.body();
    long bytes = body.path("messages").toString().getBytes(StandardCharsets.UTF_8).length;
    if (body.has("tools")) bytes += body.get("tools").toString().length();
    return (bytes + 2) / 3 + 4L * body.path("messages").size();
  }
}
