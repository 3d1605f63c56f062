package dev.grounded.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Which generator answers a collection's {@code rag:} model, as JSON beside its index: {@code
 * {"generator": "model:fast"}}; absent means {@value #EXTRACTIVE}. Written to a temporary file and
 * moved into place.
 */
final class GeneratorFile {
  static final String NAME = "generator.json";
  static final String EXTRACTIVE = "extractive";
  static final String MODEL_PREFIX = "model:";
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private GeneratorFile() {}

  /** {@code generator} if it is {@value #EXTRACTIVE} or {@code model:<name>}, else invalid. */
  static String check(String generator) {
    if (generator == null
        || !(generator.equals(EXTRACTIVE)
            || (generator.startsWith(MODEL_PREFIX)
                && ALIAS.matcher(generator.substring(MODEL_PREFIX.length())).matches())))
      throw GroundedException.invalid(
          "generator",
          "the generator must be 'extractive' or 'model:<alias>' (an alias of models.* in"
              + " grounded.yaml), not '"
              + (generator == null ? "" : generator)
              + "'");
    return generator;
  }

  static String read(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readString(file));
      return check(n.path("generator").asText(EXTRACTIVE));
    } catch (NoSuchFileException e) {
      return EXTRACTIVE;
    } catch (IOException | GroundedException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": unreadable generator setting: " + e.getMessage());
    }
  }

  static void write(Path file, String generator) {
    String json = JSON.createObjectNode().put("generator", check(generator)).toPrettyString();
    Path tmp = file.resolveSibling(NAME + ".tmp");
    try {
      dev.grounded.core.PrivateFiles.directory(file.getParent());
      Files.writeString(tmp, json + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": cannot save the generator: " + e.getMessage());
    }
  }
}
