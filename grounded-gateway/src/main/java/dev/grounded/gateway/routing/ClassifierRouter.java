package dev.grounded.gateway.routing;

import dev.grounded.gateway.chain.ChatRequest;
import dev.grounded.gateway.chain.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes the models a {@link RouterModel} decides: a request for a {@link ClassifiedAlias} is
 * routed by {@code delegate} as if it had asked for the cheap or the strong alias, by the model's
 * probability for its last user message; every other request goes to {@code delegate} unchanged.
 * Thread-safe when the delegate and embedder are.
 */
public final class ClassifierRouter implements Router {
  private final Router delegate;
  private final Map<String, ClassifiedAlias> classified;
  private final PromptEmbedder embedder;

  /**
   * @param delegate routes the cheap and strong aliases (and every other model)
   * @param classified the names decided by a classifier, unique
   * @param embedder embeds prompts for the models trained with an embedding
   */
  public ClassifierRouter(
      Router delegate, List<ClassifiedAlias> classified, PromptEmbedder embedder) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    Map<String, ClassifiedAlias> byName = new HashMap<>();
    for (ClassifiedAlias c : classified)
      if (byName.put(c.name(), c) != null)
        throw new IllegalArgumentException("classified model '" + c.name() + "' is defined twice");
    this.classified = Map.copyOf(byName);
  }

  @Override
  public List<Target> route(ChatRequest request) {
    ClassifiedAlias c = classified.get(request.model());
    if (c == null) return delegate.route(request);
    return delegate.route(request.withModel(choose(c, request)));
  }

  /** The alias {@code request} (for a classified model) goes to. */
  public String choose(ClassifiedAlias c, ChatRequest request) {
    String prompt = PromptText.lastUserMessage(request.messages());
    return c.choose(c.model().probability(prompt, embedder));
  }
}
