package dev.grounded.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schema of evaluation reports ({@code grounded-eval/1}, in this package's resources as
 * {@code report.schema.json}), and a validator for it.
 */
public final class ReportSchema {
  private static final Schema SCHEMA = load();

  private ReportSchema() {}

  /** The schema document itself. */
  public static JsonNode document() {
    try (InputStream in =
        ReportSchema.class.getResourceAsStream("/dev/grounded/eval/report.schema.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The violations of a report, as messages; empty when it is valid. */
  public static List<String> violations(JsonNode report) {
    return SCHEMA.validate(report).stream().map(e -> e.getMessage()).toList();
  }

  private static Schema load() {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(document());
  }
}
