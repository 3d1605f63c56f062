package dev.grounded.guard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks JSON values against JSON Schemas (draft 2020-12, by the networknt validator). A schema is
 * checked against the draft's meta-schema and compiled once, then kept in a bounded LRU cache keyed
 * by its text, so a caller sending the same schema on every request pays for compiling it once. A
 * {@code $ref} to anything but the draft's own meta-schemas is refused, never fetched. Thread-safe.
 */
public final class SchemaValidator {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  /**
   * One way a value breaks its schema.
   *
   * @param path where, as a JSON Pointer into the value ({@code /items/0/name}); empty for the
   *     whole value
   * @param message what is wrong, as the validator words it
   */
  public record Violation(String path, String message) {
    public Violation {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(message, "message");
    }

    /** {@code /a/0: message}, or {@code (root): message}. */
    @Override
    public String toString() {
      return (path.isEmpty() ? "(root)" : path) + ": " + message;
    }
  }

  /** A schema that is not a valid draft 2020-12 schema; the message names what is wrong. */
  public static final class InvalidSchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSchemaException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
  private final Schema meta = registry.getSchema(SchemaLocation.of(META_SCHEMA));
  private final Map<String, Schema> cache;

  /** A validator caching up to {@code maxSchemas} compiled schemas. */
  public SchemaValidator(int maxSchemas) {
    if (maxSchemas < 1) throw new IllegalArgumentException("maxSchemas must be >= 1");
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > maxSchemas;
          }
        };
  }

  public SchemaValidator() {
    this(256);
  }

  /**
   * Checks and compiles {@code schema} (or takes it from the cache).
   *
   * @throws InvalidSchemaException when it is not a draft 2020-12 schema or cannot be compiled (an
   *     unresolvable {@code $ref})
   */
  public void check(JsonNode schema) {
    compiled(schema);
  }

  /**
   * The ways {@code value} breaks {@code schema}, in the validator's order; empty when it is valid.
   *
   * @throws InvalidSchemaException as {@link #check}
   */
  public List<Violation> validate(JsonNode schema, JsonNode value) {
    Objects.requireNonNull(value, "value");
    return compiled(schema).validate(value).stream().map(SchemaValidator::violation).toList();
  }

  private Schema compiled(JsonNode schema) {
    Objects.requireNonNull(schema, "schema");
    String key = schema.toString();
    synchronized (cache) {
      Schema s = cache.get(key);
      if (s != null) return s;
    }
    Schema s = compile(schema);
    synchronized (cache) {
      cache.put(key, s);
    }
    return s;
  }

  private Schema compile(JsonNode schema) {
    if (!schema.isObject() && !schema.isBoolean())
      throw new InvalidSchemaException("a schema must be a JSON object or a boolean", null);
    List<Error> errors = meta.validate(schema);
    if (!errors.isEmpty())
      throw new InvalidSchemaException(
          "not a valid JSON Schema (draft 2020-12): "
              + String.join("; ", errors.stream().map(e -> violation(e).toString()).toList()),
          null);
    try {
      Schema s = registry.getSchema(schema);
      s.initializeValidators(); // resolves every $ref now, not on the first value
      return s;
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new InvalidSchemaException("the schema cannot be compiled: " + e.getMessage(), e);
    }
  }

  private static Violation violation(Error e) {
    return new Violation(e.getInstanceLocation().toString(), e.getMessage());
  }
}
