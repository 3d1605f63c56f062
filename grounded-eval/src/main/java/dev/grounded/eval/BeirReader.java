package dev.grounded.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the three files of a BEIR data set. Each reader can be used alone. Errors are {@link
 * GroundedException}s with {@code INVALID_REQUEST} whose message starts {@code <file>:<line>:}
 * (lines counted from 1); blank lines are skipped everywhere.
 */
public final class BeirReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BeirReader() {}

  /**
   * Streams {@code corpus.jsonl} one document at a time, so a corpus of any size can be indexed.
   * Lines hold {@code {"_id", "title", "text"}}; a missing title reads as empty, other fields are
   * ignored. Fails if the file holds no document (after {@code action} has seen none).
   */
  public static void forEachDocument(Path corpusJsonl, Consumer<? super BeirDocument> action) {
    Objects.requireNonNull(action, "action");
    int documents =
        forEachLine(
            corpusJsonl, (line, number) -> action.accept(document(corpusJsonl, line, number)));
    if (documents == 0)
      throw GroundedException.invalid(corpusJsonl.toString(), corpusJsonl + ": no documents");
  }

  /** Reads the whole corpus; a repeated {@code _id} is an error. */
  public static List<BeirDocument> readCorpus(Path corpusJsonl) {
    List<BeirDocument> corpus = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    forEachLine(
        corpusJsonl,
        (line, number) -> {
          BeirDocument document = document(corpusJsonl, line, number);
          if (!seen.add(document.id()))
            throw error(corpusJsonl, number, "duplicate _id '" + document.id() + "'");
          corpus.add(document);
        });
    if (corpus.isEmpty())
      throw GroundedException.invalid(corpusJsonl.toString(), corpusJsonl + ": no documents");
    return List.copyOf(corpus);
  }

  /**
   * Reads {@code queries.jsonl} ({@code {"_id", "text"}} per line) into id to text, in file order.
   */
  public static Map<String, String> readQueries(Path queriesJsonl) {
    Map<String, String> queries = new LinkedHashMap<>();
    forEachLine(
        queriesJsonl,
        (line, number) -> {
          JsonNode node = parse(queriesJsonl, line, number);
          String id = id(queriesJsonl, node, number);
          if (queries.put(id, string(queriesJsonl, node, "text", number, true)) != null) {
            throw error(queriesJsonl, number, "duplicate _id '" + id + "'");
          }
        });
    if (queries.isEmpty())
      throw GroundedException.invalid(queriesJsonl.toString(), queriesJsonl + ": no queries");
    return Collections.unmodifiableMap(queries);
  }

  /**
   * Reads a qrels TSV ({@code query-id<TAB>corpus-id<TAB>score}) into query id to (document id to
   * score), in file order. The first line is a header, and skipped, when its third column is not an
   * integer.
   */
  public static Map<String, Map<String, Integer>> readQrels(Path qrelsTsv) {
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    boolean[] first = {true};
    forEachLine(
        qrelsTsv,
        (line, number) -> {
          String[] columns = line.split("\t", -1);
          boolean header = first[0] && columns.length == 3 && !isInteger(columns[2].strip());
          first[0] = false;
          if (!header) addQrel(qrels, qrelsTsv, columns, number);
        });
    if (qrels.isEmpty())
      throw GroundedException.invalid(qrelsTsv.toString(), qrelsTsv + ": no judgements");
    Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
    qrels.forEach((query, judged) -> result.put(query, Collections.unmodifiableMap(judged)));
    return Collections.unmodifiableMap(result);
  }

  private static void addQrel(
      Map<String, Map<String, Integer>> qrels, Path file, String[] columns, int number) {
    if (columns.length != 3) {
      String found = "found " + columns.length;
      throw error(
          file, number, "expected 3 tab-separated columns (query-id, corpus-id, score), " + found);
    }
    String queryId = columns[0].strip();
    String documentId = columns[1].strip();
    String score = columns[2].strip();
    if (queryId.isEmpty() || documentId.isEmpty())
      throw error(file, number, "empty query-id or corpus-id");
    if (!isInteger(score)) throw error(file, number, "score '" + score + "' is not an integer");
    Map<String, Integer> judged = qrels.computeIfAbsent(queryId, id -> new LinkedHashMap<>());
    if (judged.put(documentId, Integer.parseInt(score)) != null) {
      throw error(
          file,
          number,
          "duplicate judgement for query '" + queryId + "' and document '" + documentId + "'");
    }
  }

  private static BeirDocument document(Path file, String line, int number) {
    JsonNode node = parse(file, line, number);
    return new BeirDocument(
        id(file, node, number),
        string(file, node, "title", number, false),
        string(file, node, "text", number, true));
  }

  private static JsonNode parse(Path file, String line, int number) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error(file, number, "malformed JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject())
      throw error(file, number, "expected a JSON object, found " + node.getNodeType());
    return node;
  }

  private static String id(Path file, JsonNode node, int number) {
    JsonNode id = node.get("_id");
    if (id == null || id.isNull()) throw error(file, number, "missing \"_id\"");
    if (!id.isTextual() && !id.isIntegralNumber())
      throw error(file, number, "\"_id\" is not a string");
    String text = id.asText().strip();
    if (text.isEmpty()) throw error(file, number, "empty \"_id\"");
    return text;
  }

  private static String string(
      Path file, JsonNode node, String field, int number, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) throw error(file, number, "missing \"" + field + "\"");
      return "";
    }
    if (!value.isTextual()) throw error(file, number, "\"" + field + "\" is not a string");
    return value.textValue();
  }

  /**
   * Calls {@code handler} for each non-blank line with its 1-based number; returns how many there
   * were.
   */
  private static int forEachLine(Path file, LineHandler handler) {
    Objects.requireNonNull(file, "file");
    int count = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        handler.handle(line, number);
        count++;
      }
    } catch (NoSuchFileException e) {
      throw new GroundedException(
          ErrorCode.INVALID_REQUEST, file + ": file not found", file.toString(), e);
    } catch (IOException e) {
      String message = file + ": cannot read: " + e.getMessage();
      throw new GroundedException(ErrorCode.INVALID_REQUEST, message, file.toString(), e);
    }
    return count;
  }

  private static boolean isInteger(String text) {
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static GroundedException error(Path file, int line, String what) {
    return GroundedException.invalid(file.toString(), file + ":" + line + ": " + what);
  }

  @FunctionalInterface
  private interface LineHandler {
    void handle(String line, int number);
  }
}
