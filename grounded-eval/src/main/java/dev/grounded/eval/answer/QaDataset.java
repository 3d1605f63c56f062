package dev.grounded.eval.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.GroundedException;
import dev.grounded.eval.BeirDocument;
import dev.grounded.eval.EvalFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question-answering data set: its questions and the contexts (passages) that form its corpus.
 * Two formats are read:
 *
 * <ul>
 *   <li>SQuAD JSON (v1.1 or v2.0: {@code {"data": [{"title", "paragraphs": [{"context",
 *       "qas"}]}]}}); a paragraph's id is {@code <title>#<index>}, and questions marked {@code
 *       is_impossible} are unanswerable;
 *   <li>JSONL, a question per line: {@code {"id", "question", "answers": [..], "answerable"?,
 *       "context_ids"?: [..], "context"?: "passage text", "context_id"?, "title"?}}. An inline
 *       context joins the corpus under its {@code context_id} (or {@code <id>#context}). {@code
 *       answerable} defaults to having answers.
 * </ul>
 *
 * Errors are {@link GroundedException}s naming the file (and the line, for JSONL). A data set's
 * {@code version} is the start of its content's SHA-256: reports record it, so two reports can be
 * told apart when their data sets differ.
 */
public record QaDataset(
    String name, String version, List<QaItem> items, List<BeirDocument> contexts) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public QaDataset {
    java.util.Objects.requireNonNull(version, "version");
    items = List.copyOf(items);
    contexts = List.copyOf(contexts);
  }

  public static QaDataset read(Path file) {
    String text = EvalFiles.read(file, "dataset");
    String name = file.getFileName().toString().replaceFirst("\\.(jsonl?|json)$", "");
    String trimmed = text.stripLeading();
    String version = version(text);
    QaDataset d =
        trimmed.startsWith("{")
                && trimmed.contains("\"data\"")
                && !file.toString().endsWith(".jsonl")
            ? squad(file, name, version, text)
            : jsonl(file, name, version, text);
    if (d.items().isEmpty()) throw GroundedException.invalid("dataset", file + ": no questions");
    return d;
  }

  /** The first {@code n} questions (all if fewer), with the whole corpus. */
  public QaDataset limit(int n) {
    return n >= items.size()
        ? this
        : new QaDataset(name, version + ":first-" + n, items.subList(0, n), contexts);
  }

  /**
   * A data set's version: the start of its content's SHA-256, so a changed file is a new version.
   */
  static String version(String content) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(d, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static QaDataset squad(Path file, String name, String version, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw GroundedException.invalid(
          "dataset", file + ": not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isArray())
      throw GroundedException.invalid("dataset", file + ": SQuAD JSON needs a \"data\" array");
    List<QaItem> items = new ArrayList<>();
    List<BeirDocument> contexts = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode article : data) {
      String title = article.path("title").asText("untitled");
      int p = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String contextId = title + "#" + p++;
        contexts.add(
            new BeirDocument(
                contextId, title.replace('_', ' '), paragraph.path("context").asText()));
        for (JsonNode qa : paragraph.path("qas")) {
          String id = qa.path("id").asText();
          if (id.isEmpty() || !ids.add(id))
            throw GroundedException.invalid(
                "dataset", file + ": question id '" + id + "' is missing or repeated");
          boolean impossible = qa.path("is_impossible").asBoolean(false);
          List<String> answers = new ArrayList<>();
          if (!impossible)
            for (JsonNode a : qa.path("answers")) {
              String t = a.path("text").asText();
              if (!t.isBlank() && !answers.contains(t)) answers.add(t);
            }
          items.add(
              new QaItem(
                  id,
                  qa.path("question").asText(),
                  answers,
                  List.of(contextId),
                  !impossible && !answers.isEmpty()));
        }
      }
    }
    return new QaDataset(name, version, items, contexts);
  }

  private static QaDataset jsonl(Path file, String name, String version, String text) {
    List<QaItem> items = new ArrayList<>();
    Map<String, BeirDocument> contexts = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    EvalFiles.forEachJsonLine(
        file,
        text,
        "dataset",
        (q, n) ->
            items.add(
                item(
                    q,
                    ids,
                    contexts,
                    m -> GroundedException.invalid("dataset", file + ":" + n + ": " + m))));
    return new QaDataset(name, version, items, List.copyOf(contexts.values()));
  }

  /**
   * Questions given as JSON objects in the JSONL format (the HTTP API's {@code items}); errors name
   * the item's position, from 1, and {@code param}.
   */
  public static QaDataset fromJson(String name, JsonNode array, String param) {
    if (array == null || !array.isArray() || array.isEmpty())
      throw GroundedException.invalid(
          param, "'" + param + "' must be a non-empty array of questions");
    List<QaItem> items = new ArrayList<>();
    Map<String, BeirDocument> contexts = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    int n = 0;
    for (JsonNode q : array) {
      String where = param + "[" + n++ + "]";
      items.add(item(q, ids, contexts, m -> GroundedException.invalid(param, where + ": " + m)));
    }
    return new QaDataset(name, version(array.toString()), items, List.copyOf(contexts.values()));
  }

  private static QaItem item(
      JsonNode q,
      Set<String> ids,
      Map<String, BeirDocument> contexts,
      java.util.function.Function<String, GroundedException> error) {
    if (q == null || !q.isObject()) throw error.apply("a question must be a JSON object");
    String id = q.path("id").asText("");
    String question = q.path("question").asText("");
    if (id.isBlank()) throw error.apply("\"id\" is missing");
    if (question.isBlank()) throw error.apply("\"question\" is missing");
    if (!ids.add(id)) throw error.apply("duplicate id '" + id + "'");
    List<String> answers = new ArrayList<>();
    JsonNode a = q.path("answers");
    if (a.isTextual()) answers.add(a.asText());
    else for (JsonNode x : a) if (!x.asText().isBlank()) answers.add(x.asText());
    boolean answerable = q.path("answerable").asBoolean(!answers.isEmpty());
    if (answerable && answers.isEmpty())
      throw error.apply("an answerable question needs \"answers\"");
    if (!answerable) answers.clear();
    List<String> contextIds = new ArrayList<>();
    for (JsonNode c : q.path("context_ids")) contextIds.add(c.asText());
    if (q.hasNonNull("context")) {
      String cid = q.path("context_id").asText(id + "#context");
      contexts.putIfAbsent(
          cid, new BeirDocument(cid, q.path("title").asText(""), q.path("context").asText()));
      if (!contextIds.contains(cid)) contextIds.add(cid);
    }
    return new QaItem(id, question, answers, contextIds, answerable);
  }
}
