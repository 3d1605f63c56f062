package dev.grounded.ingest;

import dev.grounded.core.GroundedException;
import java.nio.file.Path;
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
    return SettingFile.read(file, "generator", EXTRACTIVE, GeneratorFile::check);
  }

  static void write(Path file, String generator) {
    SettingFile.write(file, "generator", check(generator));
  }
}
