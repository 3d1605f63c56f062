package dev.grounded.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.grounded.core.GroundedException;
import dev.grounded.core.config.ConfigEntry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code grounded.yaml} into flat entries with their line numbers: nested mappings become
 * dotted keys ({@code server: {port: 8080}} is {@code server.port}), sequences of scalars become
 * lists. Any other shape is refused with the line it is on. Validation against the registry is
 * {@link dev.grounded.core.config.Config}'s.
 */
final class YamlConfigFile {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlConfigFile() {}

  static List<ConfigEntry> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser p = YAML.createParser(in)) {
      List<ConfigEntry> entries = new ArrayList<>();
      JsonToken first = p.nextToken();
      if (first == null) return entries;
      if (first != JsonToken.START_OBJECT)
        throw error(file, p, "the file must be a mapping of keys to values");
      readMapping(file, p, "", entries);
      if (p.nextToken() != null) throw error(file, p, "only one YAML document is allowed");
      return entries;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String why = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
      throw GroundedException.invalid("config", file + ":" + line + ": not valid YAML: " + why);
    } catch (IOException e) {
      throw GroundedException.invalid("config", file + ": cannot read: " + e.getMessage());
    }
  }

  private static void readMapping(Path file, JsonParser p, String prefix, List<ConfigEntry> out)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      JsonToken value = p.nextToken();
      if (value == JsonToken.START_OBJECT) {
        readMapping(file, p, key + ".", out);
      } else if (value == JsonToken.START_ARRAY) {
        List<String> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (!t.isScalarValue() || t == JsonToken.VALUE_NULL)
            throw error(file, p, "key '" + key + "': list items must be plain values");
          items.add(p.getText());
        }
        out.add(ConfigEntry.sequence(key, items, line));
      } else {
        out.add(ConfigEntry.scalar(key, value == JsonToken.VALUE_NULL ? "" : p.getText(), line));
      }
    }
  }

  private static GroundedException error(Path file, JsonParser p, String message) {
    return GroundedException.invalid(
        "config", file + ":" + p.currentTokenLocation().getLineNr() + ": " + message);
  }
}
