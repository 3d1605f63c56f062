package dev.grounded.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import dev.grounded.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

/**
 * One setting of a collection, as a small JSON object beside its index ({@code {"generator":
 * "model:fast"}}); absent means the default. Written to a temporary file and moved into place, so a
 * crash leaves the old value or the new one.
 */
final class SettingFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SettingFile() {}

  /** The value of {@code key} in {@code file}, checked; {@code fallback} when there is no file. */
  static String read(Path file, String key, String fallback, UnaryOperator<String> check) {
    try {
      JsonNode n = JSON.readTree(Files.readString(file));
      return check.apply(n.path(key).asText(fallback));
    } catch (NoSuchFileException e) {
      return fallback;
    } catch (IOException | GroundedException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": unreadable " + key + " setting: " + e.getMessage());
    }
  }

  static void write(Path file, String key, String value) {
    String json = JSON.createObjectNode().put(key, value).toPrettyString();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      PrivateFiles.directory(file.getParent());
      Files.writeString(tmp, json + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new GroundedException(
          ErrorCode.STORAGE_ERROR, file + ": cannot save the " + key + ": " + e.getMessage());
    }
  }
}
