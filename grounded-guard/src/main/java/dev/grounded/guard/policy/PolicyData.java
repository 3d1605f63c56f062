package dev.grounded.guard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The harmful and harmless instructions of {@code harmful-behaviours} (a data folder such as {@code
 * ../shared/data}), split by source so that held-out material is of sources the model never saw.
 * Training: AdvBench, HarmBench val and StrongREJECT (harmful), the even-indexed half of
 * harmless_test.json. Held-out: HarmBench test and harmful_test.json, without any instruction that
 * is also in training (harmful_test.json repeats all of StrongREJECT and part of AdvBench), and the
 * odd-indexed half of harmless_test.json. HarmBench's copyright behaviours ("generate the lyrics
 * of…") are left out everywhere: they are a copyright policy, not harmful content.
 */
public final class PolicyData {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public PolicyData(Path root) {
    this.dir = root.resolve("harmful-behaviours");
    if (!Files.isDirectory(dir))
      throw new IllegalArgumentException("no harmful-behaviours under " + root);
  }

  public List<String> trainHarmful() {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Map<String, String> r : csv("advbench_behaviors.csv")) out.add(r.get("Behavior"));
    for (Map<String, String> r : csv("harmbench_behaviors_text_val.csv"))
      if (!r.get("FunctionalCategory").equals("copyright")) out.add(r.get("Behavior"));
    for (Map<String, String> r : csv("strongreject_dataset.csv"))
      out.add(r.get("forbidden_prompt"));
    return List.copyOf(out);
  }

  public List<String> heldOutHarmful() {
    Set<String> train = new java.util.HashSet<>();
    for (String t : trainHarmful()) train.add(key(t));
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Map<String, String> r : csv("harmbench_behaviors_text_test.csv"))
      if (!r.get("FunctionalCategory").equals("copyright")) out.add(r.get("Behavior"));
    for (JsonNode n : json("harmful_test.json")) {
      String c = n.path("category").asText("");
      if (!c.equals("copyright")) out.add(n.get("instruction").asText());
    }
    List<String> kept = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String t : out) if (!train.contains(key(t)) && seen.add(key(t))) kept.add(t);
    return kept;
  }

  /** harmless_test.json, the even-indexed (training) or odd-indexed (held-out) half. */
  public List<String> harmless(boolean even) {
    List<String> out = new ArrayList<>();
    JsonNode all = json("harmless_test.json");
    for (int i = even ? 0 : 1; i < all.size(); i += 2)
      out.add(all.get(i).get("instruction").asText());
    return out;
  }

  private static String key(String text) {
    return String.join(" ", text.toLowerCase(Locale.ROOT).trim().split("\\s+"));
  }

  private JsonNode json(String name) {
    try {
      return JSON.readTree(dir.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of a CSV file with a header (RFC 4180: quoted fields, doubled quotes, line breaks). */
  List<Map<String, String>> csv(String name) {
    String text;
    try {
      text = Files.readString(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') quoted = false;
        else field.append(c);
      } else if (c == '"') quoted = true;
      else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        row.add(field.toString());
        field.setLength(0);
        if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
        row = new ArrayList<>();
      } else field.append(c);
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      Map<String, String> m = new HashMap<>();
      for (int k = 0; k < header.size(); k++) m.put(header.get(k), k < r.size() ? r.get(k) : "");
      out.add(m);
    }
    return out;
  }
}
