package dev.grounded.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.guard.Finding;
import dev.grounded.guard.Source;
import dev.grounded.guard.pii.PiiGuard;
import dev.grounded.guard.pii.SecretSamples;
import dev.grounded.guard.pii.SpanScores;
import dev.grounded.guard.pii.SpanScores.Labelled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PII and secrets guard: precision, recall and support per type on the presidio-research
 * synthetic set (character-offset spans; a labelled span is found when a finding of its type
 * overlaps it) and on a seeded set of generated secrets and look-alikes; then scan latency per text
 * (p50, p99) and per KB, for the full guard, the guard without names and addresses, and a baseline
 * measured in the same run: one plain email regex over the same texts. Then findings per 1000 texts
 * on text without labelled PII (SciFact abstracts and queries, SQuAD questions, when present beside
 * the presidio set): mostly false findings, some true (authors' emails and phone numbers,
 * historical persons' names).
 *
 * <p>Usage: {@code PiiBench [presidio-json] [--seed N] [--per-kind N] [--rounds N]} (defaults
 * ../shared/data/pii-presidio-synth/synth_dataset_v2.json, 15, 100, 20).
 */
public final class PiiBench {
  private static final Pattern PLAIN_EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+");

  private PiiBench() {}

  public static void main(String[] args) throws Exception {
    Path presidio = Path.of("../shared/data/pii-presidio-synth/synth_dataset_v2.json");
    long seed = 15;
    int perKind = 100, rounds = 20;
    for (int i = 0; i < args.length; i++)
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--per-kind" -> perKind = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> presidio = Path.of(args[i]);
      }
    PiiGuard guard = new PiiGuard();
    List<Labelled> secrets = SecretSamples.generate(seed, perKind);
    List<String> texts = new ArrayList<>();
    if (Files.exists(presidio)) {
      List<Labelled> data = SpanScores.readPresidio(presidio);
      SpanScores s = score(guard, data, t -> t.startsWith("secret.") ? "secret" : t);
      System.out.printf(
          Locale.ROOT,
          "## presidio-synth (%d texts, %s)%n%n%s%n",
          data.size(),
          presidio.getFileName(),
          s.table());
      data.forEach(l -> texts.add(l.text()));
      SpanScores strict = new SpanScores(t -> t.startsWith("secret.") ? "secret" : t, true);
      for (Labelled l : data) strict.add(l.text(), l.spans(), guard.scan(l.text(), Source.INPUT));
      System.out.printf(
          Locale.ROOT,
          "presidio-synth with exact spans (offsets equal after trimming spaces and punctuation):%n%n%s%n",
          strict.table());
      thresholds(data);
    } else System.out.println("presidio-synth: not found at " + presidio + ", skipped");
    System.out.printf(
        Locale.ROOT,
        "## generated secrets (seed %d, %d per kind, with look-alikes: %d texts)%n%n%s%n%s%n",
        seed,
        perKind,
        secrets.size(),
        score(guard, secrets, t -> t).table(),
        score(guard, secrets, t -> t.startsWith("secret.") ? "secret (any kind)" : t).table());
    secrets.forEach(l -> texts.add(l.text()));
    latency(texts, rounds);
    Path data = presidio.toAbsolutePath().getParent().getParent();
    unlabelled("SciFact abstracts", scifact(data.resolve("scifact/corpus.jsonl"), true), guard);
    unlabelled("SciFact queries", scifact(data.resolve("scifact/queries.jsonl"), false), guard);
    unlabelled(
        "SQuAD v2 dev questions", squad(data.resolve("squad-v2-dev-half/dev-v2.0.json")), guard);
  }

  private static List<String> scifact(Path jsonl, boolean corpus) throws Exception {
    if (!Files.exists(jsonl)) return List.of();
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode n = json.readTree(line);
      out.add(
          corpus
              ? n.get("title").asText() + "\n" + n.get("text").asText()
              : n.get("text").asText());
    }
    return out;
  }

  private static List<String> squad(Path file) throws Exception {
    if (!Files.exists(file)) return List.of();
    List<String> out = new ArrayList<>();
    for (JsonNode article : new ObjectMapper().readTree(file.toFile()).get("data"))
      for (JsonNode p : article.get("paragraphs"))
        for (JsonNode q : p.get("qas")) out.add(q.get("question").asText());
    return out;
  }

  private static void unlabelled(String name, List<String> texts, PiiGuard guard) {
    if (texts.isEmpty()) {
      System.out.println(name + ": not found, skipped");
      return;
    }
    Map<String, Integer> counts = new TreeMap<>();
    int flagged = 0;
    for (String t : texts) {
      List<Finding> found = guard.scan(t, Source.DOCUMENT);
      if (!found.isEmpty()) flagged++;
      for (Finding f : found) counts.merge(f.type(), 1, Integer::sum);
    }
    StringBuilder b = new StringBuilder();
    counts.forEach(
        (type, n) ->
            b.append(String.format(Locale.ROOT, " %s %.1f;", type, 1000.0 * n / texts.size())));
    System.out.printf(
        Locale.ROOT,
        "%n%s (%d texts, no labels): %.1f %% with a finding; findings per 1000 texts:%s%n",
        name,
        texts.size(),
        100.0 * flagged / texts.size(),
        b.length() == 0 ? " none" : b);
  }

  /** Structured types pooled (email, phone, card, IBAN, IP, SSN) at other score thresholds. */
  private static void thresholds(List<Labelled> data) {
    System.out.println(
        "presidio-synth, structured types pooled, by score threshold:\n\n"
            + "| min score | precision | recall | names P / R | addresses P / R |\n|---:|---:|---:|---:|---:|");
    for (double min : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
      SpanScores s =
          score(
              new PiiGuard(min, true),
              data,
              t -> t.equals("pii.person") || t.equals("pii.address") ? t : "structured");
      System.out.printf(
          Locale.ROOT,
          "| %.1f%s | %.3f | %.3f | %.3f / %.3f | %.3f / %.3f |%n",
          min,
          min == PiiGuard.DEFAULT_MIN_SCORE ? " (default)" : "",
          s.precision("structured"),
          s.recall("structured"),
          s.precision("pii.person"),
          s.recall("pii.person"),
          s.precision("pii.address"),
          s.recall("pii.address"));
    }
    System.out.println();
  }

  private static SpanScores score(
      PiiGuard guard, List<Labelled> data, java.util.function.Function<String, String> key) {
    SpanScores s = new SpanScores(key);
    for (Labelled l : data) s.add(l.text(), l.spans(), guard.scan(l.text(), Source.INPUT));
    return s;
  }

  private static void latency(List<String> texts, int rounds) {
    long chars = texts.stream().mapToLong(String::length).sum();
    PiiGuard full = new PiiGuard();
    PiiGuard structured = new PiiGuard(PiiGuard.DEFAULT_MIN_SCORE, false);
    ToIntFunction<String> baseline =
        t -> {
          Matcher m = PLAIN_EMAIL.matcher(t);
          int n = 0;
          while (m.find()) n++;
          return n;
        };
    List<ToIntFunction<String>> scanners =
        List.of(
            baseline,
            t -> full.scan(t, Source.INPUT).size(),
            t -> structured.scan(t, Source.INPUT).size());
    List<String> names =
        List.of(
            "baseline: one plain email regex",
            "PiiGuard, all types",
            "PiiGuard, without names and addresses");
    for (int warm = 0; warm < 5; warm++) for (ToIntFunction<String> s : scanners) run(s, texts);
    long[][] nanos = new long[scanners.size()][];
    for (int k = 0; k < scanners.size(); k++) nanos[k] = new long[texts.size() * rounds];
    long[] total = new long[scanners.size()];
    for (int r = 0; r < rounds; r++)
      for (int k = 0; k < scanners.size(); k++) { // alternate, so drift hits all alike
        long t0 = System.nanoTime();
        long[] each = run(scanners.get(k), texts);
        total[k] += System.nanoTime() - t0;
        System.arraycopy(each, 0, nanos[k], r * texts.size(), each.length);
      }
    System.out.printf(
        Locale.ROOT,
        "## scan latency (%d texts, mean %.0f chars, %d rounds after 5 warm-up passes)%n%n"
            + "| scanner | p50 µs/text | p99 µs/text | slowest text µs (best of rounds) | µs per KB |%n|---|---:|---:|---:|---:|%n",
        texts.size(),
        (double) chars / texts.size(),
        rounds);
    for (int k = 0; k < scanners.size(); k++) {
      long[] n = nanos[k];
      long slowest = 0;
      for (int i = 0; i < texts.size(); i++) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) best = Math.min(best, n[r * texts.size() + i]);
        slowest = Math.max(slowest, best);
      }
      Arrays.sort(n);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f | %.0f | %.1f |%n",
          names.get(k),
          n[n.length / 2] / 1e3,
          n[(int) (n.length * 0.99)] / 1e3,
          slowest / 1e3,
          total[k] / 1e3 / rounds / (chars / 1024.0));
    }
  }

  private static long sink;

  private static long[] run(ToIntFunction<String> scanner, List<String> texts) {
    long[] out = new long[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      long t0 = System.nanoTime();
      sink += scanner.applyAsInt(texts.get(i));
      out[i] = System.nanoTime() - t0;
    }
    return out;
  }
}
