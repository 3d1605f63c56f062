package dev.grounded.cli;

import dev.grounded.gateway.chain.Target;
import dev.grounded.gateway.price.ModelPrice;
import dev.grounded.gateway.price.PriceCatalogue;
import dev.grounded.gateway.routing.Alias;
import dev.grounded.gateway.routing.Rule;
import dev.grounded.gateway.routing.WeightedTarget;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grounded models}: the model aliases grounded.yaml configures (what {@code serve} answers
 * at {@code /v1/chat/completions} besides {@code rag:} collections), with their targets, weights,
 * fallbacks, provider types and list prices where the price catalogue knows the upstream model, and
 * the models routing rules answer.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "models",
    description =
        "List the configured model aliases: targets, weights, fallbacks, provider types, prices.")
final class ModelsCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  private final PriceCatalogue prices = PriceCatalogue.defaults();

  @Override
  public Integer call() {
    GatewayPlan plan = GatewayPlan.of(data.config());
    if (json) {
      System.out.println(Json.write(view(plan)));
      return 0;
    }
    if (plan.aliases().isEmpty()) {
      System.out.println("no model aliases: add models.<alias> to grounded.yaml");
      return 0;
    }
    System.out.printf(
        Locale.ROOT, "%-20s %-40s %-30s %s%n", "ALIAS", "TARGETS", "FALLBACKS", "USD / 1M in/out");
    for (Alias a : plan.aliases()) {
      List<String> targets = new ArrayList<>();
      for (WeightedTarget t : a.targets())
        targets.add(describe(plan, t.target()) + (a.targets().size() > 1 ? " x" + t.weight() : ""));
      List<String> fallbacks = new ArrayList<>();
      for (Target t : a.fallbacks()) fallbacks.add(describe(plan, t));
      System.out.printf(
          Locale.ROOT,
          "%-20s %-40s %-30s %s%n",
          a.name(),
          String.join(", ", targets),
          fallbacks.isEmpty() ? "-" : String.join(", ", fallbacks),
          price(a.targets().getFirst().target()));
    }
    for (Rule r : plan.rules())
      System.out.printf(Locale.ROOT, "%-20s rule -> %s%n", r.model(), r.alias());
    return 0;
  }

  private static String describe(GatewayPlan plan, Target t) {
    return t + " (" + plan.provider(t.provider()).type() + ")";
  }

  private String price(Target t) {
    return prices
        .find(t.model())
        .map(p -> usd(p.inputMicrosPerMillion()) + " / " + usd(p.outputMicrosPerMillion()))
        .orElse("-");
  }

  private static String usd(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  private Map<String, Object> view(GatewayPlan plan) {
    List<Object> data = new ArrayList<>();
    for (Alias a : plan.aliases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.name());
      m.put("object", "model");
      List<Object> targets = new ArrayList<>();
      for (WeightedTarget t : a.targets()) {
        Map<String, Object> v = target(plan, t.target());
        v.put("weight", t.weight());
        targets.add(v);
      }
      m.put("targets", targets);
      List<Object> fallbacks = new ArrayList<>();
      for (Target t : a.fallbacks()) fallbacks.add(target(plan, t));
      m.put("fallbacks", fallbacks);
      data.add(m);
    }
    List<Object> rules = new ArrayList<>();
    for (Rule r : plan.rules()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("model", r.model());
      v.put("alias", r.alias());
      rules.add(v);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "list");
    out.put("data", data);
    out.put("rules", rules);
    return out;
  }

  private Map<String, Object> target(GatewayPlan plan, Target t) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("provider", t.provider());
    v.put("model", t.model());
    v.put("type", plan.provider(t.provider()).type());
    ModelPrice p = prices.find(t.model()).orElse(null);
    if (p == null) v.put("price", null);
    else {
      Map<String, Object> price = new LinkedHashMap<>();
      price.put("input_usd_per_million", new BigDecimal(usd(p.inputMicrosPerMillion())));
      price.put("output_usd_per_million", new BigDecimal(usd(p.outputMicrosPerMillion())));
      v.put("price", price);
    }
    return v;
  }
}
