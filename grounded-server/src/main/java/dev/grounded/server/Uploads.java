package dev.grounded.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.ingest.CollectionId;
import dev.grounded.ingest.UploadSource;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns an upload or a server-side path into an ingest job, and resumes such a job after its server
 * died. An upload is written to a private folder under {@code <data>/tmp} under its own file name
 * (the parser reads the format from it), hashed and parsed at once, and the folder is removed when
 * the job ends, or at once when the request fails, whatever it throws.
 */
final class Uploads {
  static final long MAX_WAIT_MILLIS = 10 * 60_000;

  /** Room for the multipart framing and form fields around a file of the maximum size. */
  static final long MULTIPART_OVERHEAD = 65_536;

  /** The most bytes the form fields besides the file ({@code id}, {@code metadata}) may have. */
  static final int MAX_FORM_FIELD_BYTES = 200_000;

  private final Services services;
  private final Jobs jobs;
  private final ServerConfig config;

  Uploads(Services services, Jobs jobs, ServerConfig config) {
    this.services = services;
    this.jobs = jobs;
    this.config = config;
  }

  IngestJob upload(Context ctx, CollectionId c) throws IOException {
    if (ctx.contentLength() > config.maxUploadBytes() + MULTIPART_OVERHEAD) throw tooLarge();
    jobs.checkRoom(c.tenant(), Math.max(0, ctx.contentLength() - MULTIPART_OVERHEAD));
    UploadedFile file;
    try {
      file = ctx.uploadedFile("file");
    } catch (
        Exception e) { // Jetty's multipart errors arrive unchecked or as a sneaky ServletException
      if (formFieldsTooLarge(e))
        throw new GroundedException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "form field 'metadata' (with the other fields besides the file) is larger than the"
                + " limit of "
                + MAX_FORM_FIELD_BYTES
                + " bytes",
            "metadata",
            null);
      if (exceedsLimit(e)) throw tooLarge();
      throw GroundedException.invalid("file", "unreadable multipart body: " + e.getMessage());
    }
    if (file == null)
      throw GroundedException.invalid("file", "the multipart body needs a 'file' part");
    if (file.size() > config.maxUploadBytes()) throw tooLarge();
    String name = fileName(file.filename());
    String id = ctx.formParam("id");
    if (id == null || id.isBlank()) id = name;
    if (id.indexOf('/') >= 0 || id.indexOf('\\') >= 0)
      throw GroundedException.invalid("id", "a document id may not contain '/' or '\\': " + id);
    try {
      UploadSource.checkDocumentId(id);
    } catch (GroundedException e) {
      throw GroundedException.invalid("id", e.getMessage());
    }
    Map<String, String> metadata = metadata(ctx.formParam("metadata"));
    Path dir = jobs.uploads().create();
    try {
      Path path = dir.resolve(name);
      try (InputStream in = file.content()) {
        Files.copy(in, path);
      }
      UploadSource source = parseNow(ctx, source(id, name, path, metadata));
      return submitUpload(Job.Identity.fresh(), c, dir, source, metadata, file.size());
    } catch (Throwable e) { // an Error from a parser too: nothing may be left behind
      UploadFolders.delete(dir);
      throw e;
    }
  }

  private UploadSource source(String id, String name, Path path, Map<String, String> metadata) {
    return new UploadSource(
        id, name, path, metadata, services.parser(), services.knowledge().settingsFingerprint());
  }

  /**
   * Queues the ingest of a parsed upload waiting in {@code dir}, recording what resumes it: the
   * folder, file name, document id and metadata.
   */
  private IngestJob submitUpload(
      Job.Identity who,
      CollectionId c,
      Path dir,
      UploadSource source,
      Map<String, String> metadata,
      long bytes) {
    ObjectNode input = Json.object();
    input.put("source", "upload");
    input.put("folder", dir.toAbsolutePath().toString());
    input.put("file", source.source());
    input.put("id", source.documentId());
    input.set("metadata", Json.MAPPER.valueToTree(metadata));
    return jobs.submit(
        new IngestJob(
            who,
            c,
            List.of(source.documentId()),
            bytes,
            jobs::persist,
            services.metrics().ingestEvents()),
        input.toString(),
        (job, cancelled) ->
            job.finished(
                services.knowledge().ingest(c.key(), List.of(source), false, job, cancelled)),
        () -> UploadFolders.delete(dir));
  }

  IngestJob serverPath(Body body, CollectionId c) {
    return submitPath(Job.Identity.fresh(), c, allowedPath(body.string("path")));
  }

  /** The real path of {@code given}, when it is under one of the server's ingest roots. */
  private Path allowedPath(String given) {
    if (config.ingestRoots().isEmpty())
      throw new GroundedException(
          ErrorCode.FORBIDDEN,
          "server-side paths are disabled: start the server with --ingest-root DIR, or upload the file",
          "path",
          null);
    Path path;
    try {
      path = Path.of(given).toAbsolutePath().normalize().toRealPath();
    } catch (IOException | RuntimeException e) {
      throw GroundedException.invalid("path", "no such file or folder on the server: " + given);
    }
    boolean allowed = false;
    for (Path root : config.ingestRoots()) {
      try {
        if (path.startsWith(root.toRealPath())) allowed = true;
      } catch (IOException ignored) {
        // a root that does not exist allows nothing
      }
    }
    if (!allowed)
      throw new GroundedException(
          ErrorCode.FORBIDDEN,
          "'" + given + "' is outside the server's ingest roots",
          "path",
          null);
    return path;
  }

  private IngestJob submitPath(Job.Identity who, CollectionId c, Path path) {
    ObjectNode input = Json.object();
    input.put("source", "path");
    input.put("path", path.toString());
    return jobs.submit(
        new IngestJob(who, c, List.of(), 0, jobs::persist, services.metrics().ingestEvents()),
        input.toString(),
        (job, cancelled) ->
            job.finished(
                services
                    .knowledge()
                    .ingestConfined(c.key(), List.of(path), config.ingestRoots(), job, cancelled)),
        () -> {});
  }

  /**
   * Resumes an ingest job a server that died left unfinished (see {@link Jobs#resume}): an upload
   * still on disk is adopted, parsed again and ingested; a server-side path still under this
   * server's ingest roots is ingested again. Ingest is idempotent by content hash, so documents the
   * first run committed are skipped. Throws saying why it cannot.
   */
  void resume(JobStore.Row row, JsonNode input) {
    CollectionId c = new CollectionId(row.tenant(), row.collection());
    if (!services.knowledge().collectionExists(c.key()))
      throw GroundedException.notFound("its collection '" + c.name() + "' no longer exists");
    Job.Identity who = Job.Identity.resumed(row);
    switch (input.path("source").asText()) {
      case "upload" -> resumeUpload(who, c, input);
      case "path" -> {
        try {
          submitPath(who, c, allowedPath(input.path("path").asText()));
        } catch (GroundedException e) {
          throw new GroundedException(e.code(), e.getMessage(), null, null);
        }
      }
      default -> throw GroundedException.invalid("input", "unknown ingest source " + input);
    }
  }

  private void resumeUpload(Job.Identity who, CollectionId c, JsonNode input) {
    Path dir = jobs.uploads().adopt(Path.of(input.path("folder").asText()));
    try {
      Path path = dir.resolve(fileName(input.path("file").asText()));
      if (!Files.isRegularFile(path))
        throw GroundedException.notFound("its upload is no longer on disk (" + path + ")");
      Map<String, String> metadata = new java.util.LinkedHashMap<>();
      input
          .path("metadata")
          .properties()
          .forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
      UploadSource source =
          source(input.path("id").asText(), path.getFileName().toString(), path, metadata);
      try {
        source.contentHash();
        source.parse();
      } catch (Error e) {
        throw new GroundedException(
            ErrorCode.UNPARSEABLE_DOCUMENT, "its upload could not be parsed: " + e, null, null);
      }
      submitUpload(who, c, dir, source, metadata, Files.size(path));
    } catch (IOException e) {
      UploadFolders.delete(dir);
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, "its upload is unreadable: " + e, null, e);
    } catch (RuntimeException e) {
      UploadFolders.delete(dir);
      throw e;
    }
  }

  /**
   * Hashes and parses now (the source keeps both for the ingest), so the request fails with 415/422
   * before any job or write.
   */
  private UploadSource parseNow(Context ctx, UploadSource source) {
    try {
      source.contentHash();
      source.parse();
    } catch (GroundedException e) {
      throw new GroundedException(e.code(), e.getMessage(), "file", null);
    } catch (Error e) { // a parser's StackOverflowError or OutOfMemoryError: this file's doing
      log(config.errorLog(), ctx, e);
      throw new GroundedException(
          ErrorCode.UNPARSEABLE_DOCUMENT,
          "'"
              + source.source()
              + "' could not be parsed (the parser failed with "
              + e.getClass().getSimpleName()
              + "); nothing was stored",
          "file",
          null);
    }
    return source;
  }

  private static Map<String, String> metadata(String json) {
    if (json == null || json.isBlank()) return Map.of();
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw GroundedException.invalid("metadata", "'metadata' must be a JSON object of strings");
    }
    if (node == null || !node.isObject())
      throw GroundedException.invalid("metadata", "'metadata' must be a JSON object of strings");
    return new Body(
            (com.fasterxml.jackson.databind.node.ObjectNode) Json.object().set("metadata", node),
            "")
        .stringMap("metadata");
  }

  /** The upload's own name, without any folders a client put in it. */
  static String fileName(String given) {
    String name = given == null ? "" : given;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cntrl}]", "").strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) return "upload";
    return name.length() > 200 ? name.substring(name.length() - 200) : name;
  }

  /** Whether Jetty refused the fields besides the file (its context's max form content size). */
  private static boolean formFieldsTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (String.valueOf(t.getMessage()).startsWith("Form is larger than max length")) return true;
    return false;
  }

  /** Whether a multipart failure is Jetty refusing a part or body over its size limit. */
  private static boolean exceedsLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("max") && (m.contains("size") || m.contains("length") || m.contains("exceed")))
        return true;
    }
    return false;
  }

  private GroundedException tooLarge() {
    return new GroundedException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "upload larger than the limit of " + config.maxUploadBytes() + " bytes",
        "file",
        null);
  }

  /** Writes an unexpected failure of a request, with its id and stack trace, to the error log. */
  static void log(java.io.PrintStream errors, Context ctx, Throwable e) {
    synchronized (errors) {
      errors.println("request " + RequestIds.of(ctx) + " " + ctx.method() + " " + ctx.path() + ":");
      e.printStackTrace(errors);
      errors.flush();
    }
  }
}
