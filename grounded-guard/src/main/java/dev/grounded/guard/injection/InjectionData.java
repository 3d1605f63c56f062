package dev.grounded.guard.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The public data sets the injection models are trained and measured on, read from a data folder
 * (the project's {@code ../shared/data}); nothing here is needed at run time. Each method says
 * which split it reads: training and held-out material never mix (SQuAD by article parity, SciFact
 * by its qrels split, NotInject's validation file without the entries that repeat its test files).
 */
public final class InjectionData {
  /** A labelled prompt. */
  public record Labelled(String text, boolean injection) {}

  /** A BIPIA attack instruction and the category it belongs to. */
  public record Attack(String category, String text) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;

  public InjectionData(Path root) {
    this.root = root;
    if (!Files.isDirectory(root.resolve("injection-deepset")))
      throw new IllegalArgumentException("no injection-deepset under " + root);
  }

  public Path root() {
    return root;
  }

  /** deepset/prompt-injections, split {@code train} or {@code test}. */
  public List<Labelled> deepset(String split) {
    List<Labelled> out = new ArrayList<>();
    for (JsonNode n : jsonLines("injection-deepset/" + split + ".jsonl"))
      out.add(new Labelled(n.get("text").asText(), n.get("label").asInt() == 1));
    return out;
  }

  /**
   * NotInject's {@code valid.json} without every prompt that also appears in a held-out file
   * (NotInject_one/two/three, wildguard.json, BIPIA's test attacks): what is left are its PINT
   * entries (24 injections, 24 benign).
   */
  public List<Labelled> notInjectValidation() {
    Set<String> heldOut = new HashSet<>(wildguard());
    for (String n : List.of("one", "two", "three")) heldOut.addAll(notInject(n));
    for (String kind : List.of("text", "code"))
      for (Attack a : bipiaAttacks(kind, "test")) heldOut.add(a.text());
    List<Labelled> out = new ArrayList<>();
    for (JsonNode n : json("injection-notinject/valid.json")) {
      String prompt = n.get("prompt").asText();
      if (!heldOut.contains(prompt)) out.add(new Labelled(prompt, n.get("label").asInt() == 1));
    }
    return out;
  }

  /** NotInject_{@code one|two|three}: benign prompts full of trigger words (held out). */
  public List<String> notInject(String which) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json("injection-notinject/NotInject_" + which + ".json"))
      out.add(n.get("prompt").asText());
    return out;
  }

  /** NotInject's wildguard.json: benign prompts from another distribution (held out). */
  public List<String> wildguard() {
    List<String> out = new ArrayList<>();
    for (JsonNode n : json("injection-notinject/wildguard.json")) out.add(n.get("prompt").asText());
    return out;
  }

  /** SciFact claims (queries) of the {@code train} or {@code test} qrels split. */
  public List<String> scifactQueries(String split) {
    Set<String> ids = new HashSet<>();
    try {
      for (String line : Files.readAllLines(root.resolve("scifact/qrels/" + split + ".tsv")))
        if (!line.startsWith("query-id")) ids.add(line.split("\t")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : jsonLines("scifact/queries.jsonl"))
      if (ids.contains(n.get("_id").asText())) out.add(n.get("text").asText());
    return out;
  }

  /** SciFact abstracts ({@code title. text}), the first {@code limit} in corpus order. */
  public List<String> scifactAbstracts(int limit) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : jsonLines("scifact/corpus.jsonl")) {
      if (out.size() == limit) break;
      out.add(n.get("title").asText() + ". " + n.get("text").asText());
    }
    return out;
  }

  /** SQuAD 2.0 (dev half) questions of the even-indexed articles, or of the odd ones. */
  public List<String> squadQuestions(boolean evenArticles) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : squadParagraphNodes(evenArticles))
      for (JsonNode q : p.get("qas")) out.add(q.get("question").asText());
    return out;
  }

  /** SQuAD paragraphs of the even-indexed articles, or of the odd ones. */
  public List<String> squadParagraphs(boolean evenArticles) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : squadParagraphNodes(evenArticles)) out.add(p.get("context").asText());
    return out;
  }

  private List<JsonNode> squadParagraphNodes(boolean even) {
    JsonNode articles = json("squad-v2-dev-half/dev-v2.0.json").get("data");
    List<JsonNode> out = new ArrayList<>();
    for (int i = even ? 0 : 1; i < articles.size(); i += 2)
      for (JsonNode p : articles.get(i).get("paragraphs")) out.add(p);
    return out;
  }

  /**
   * BIPIA contexts (the retrieved text) of a task, {@code email}, {@code table} or {@code code},
   * split {@code train} (email only is published) or {@code test}; duplicates dropped.
   */
  public List<String> bipiaContexts(String task, String split) {
    Path file = root.resolve("injection-bipia/benchmark/" + task + "/" + split + ".jsonl");
    if (!Files.exists(file)) return List.of();
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (JsonNode n : jsonLines("injection-bipia/benchmark/" + task + "/" + split + ".jsonl")) {
      JsonNode c = n.get("context");
      if (c.isArray()) {
        List<String> lines = new ArrayList<>();
        c.forEach(l -> lines.add(l.asText()));
        out.add(String.join("\n", lines).strip());
      } else out.add(c.asText());
    }
    return List.copyOf(out);
  }

  /**
   * BIPIA attack instructions, {@code text} or {@code code}, split {@code train} or {@code test}.
   */
  public List<Attack> bipiaAttacks(String kind, String split) {
    JsonNode n = json("injection-bipia/benchmark/" + kind + "_attack_" + split + ".json");
    Map<String, JsonNode> sorted = new TreeMap<>();
    n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
    List<Attack> out = new ArrayList<>();
    sorted.forEach(
        (category, list) -> list.forEach(a -> out.add(new Attack(category, a.asText()))));
    return out;
  }

  /**
   * {@code attack} planted in {@code context} as BIPIA does: at the start, in the middle (at the
   * white space nearest the middle) or at the end ({@code where} 0, 1, 2).
   */
  public static String plant(String context, String attack, int where) {
    return switch (where) {
      case 0 -> attack + "\n" + context;
      case 2 -> context + "\n" + attack;
      default -> {
        int mid = context.length() / 2;
        int cut = mid;
        for (int d = 0; d < mid; d++) {
          if (Character.isWhitespace(context.charAt(mid + d))) {
            cut = mid + d;
            break;
          }
          if (Character.isWhitespace(context.charAt(mid - d))) {
            cut = mid - d;
            break;
          }
        }
        yield context.substring(0, cut) + "\n" + attack + "\n" + context.substring(cut);
      }
    };
  }

  private List<JsonNode> jsonLines(String relative) {
    List<JsonNode> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root.resolve(relative)))
        if (!line.isBlank()) out.add(JSON.readTree(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private JsonNode json(String relative) {
    try {
      return JSON.readTree(root.resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
