package dev.grounded.ingest.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Reads a text file into a string: strict UTF-8 first, and when the bytes are not UTF-8, the
 * charset Tika's detectors choose (BOMs, HTML/XML declarations, statistics). Line endings become
 * {@code \n}; a byte-order mark is dropped.
 */
final class TextFiles {
  /** A UTF-8 byte sequence decodes to at least one char per 4 bytes; UTF-16 and UTF-32 likewise. */
  private static final int MAX_BYTES_PER_CHAR = 4;

  private TextFiles() {}

  /**
   * @throws TextTooLongException when the text has more than {@code maxChars} characters
   * @throws IOException when the file cannot be read
   */
  static String read(Path file, int maxChars) throws IOException, TextTooLongException {
    if (Files.size(file) > (long) maxChars * MAX_BYTES_PER_CHAR) throw new TextTooLongException();
    String text;
    try (Reader reader = new InputStreamReader(Files.newInputStream(file), strictUtf8())) {
      text = drain(reader, maxChars);
    } catch (CharacterCodingException notUtf8) {
      text = readDetected(file, maxChars);
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static String readDetected(Path file, int maxChars)
      throws IOException, TextTooLongException {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        Reader reader = new AutoDetectReader(in, metadata)) {
      return drain(reader, maxChars);
    } catch (TikaException undetected) {
      try (Reader reader =
          new InputStreamReader(Files.newInputStream(file), StandardCharsets.ISO_8859_1)) {
        return drain(reader, maxChars);
      }
    }
  }

  private static String drain(Reader reader, int maxChars)
      throws IOException, TextTooLongException {
    StringBuilder sb = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
      if (sb.length() + n > maxChars) throw new TextTooLongException();
      sb.append(buffer, 0, n);
    }
    return sb.toString();
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The text is longer than the parser's limit. */
  static final class TextTooLongException extends Exception {
    private static final long serialVersionUID = 1L;

    TextTooLongException() {
      super(null, null, false, false);
    }
  }
}
