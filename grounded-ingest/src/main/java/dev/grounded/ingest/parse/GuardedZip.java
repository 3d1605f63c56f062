package dev.grounded.ingest.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.poi.openxml4j.util.ZipEntrySource;

/**
 * The entries of a zip-based document (DOCX, PPTX) for POI, each read through a guard that counts
 * what it inflates and stops at the {@link ParseBudget}'s limits: entry size, inflate ratio and
 * time. POI's own guard ({@code ZipSecureFile}) is global, and Tika's OOXML parser switches its
 * ratio check off (it sets the minimum inflate ratio to -1 when its class loads) while the maximum
 * entry size stays at 4 GB: that is why a DOCX whose {@code document.xml} inflates to 1 GB went
 * through. This guard is per parse, so parsers with different limits can share a JVM.
 */
final class GuardedZip implements ZipEntrySource {
  /** As Tika allows; a central directory of more entries is refused. */
  static final int MAX_ENTRIES = 10_000;

  private final ZipFile zip;
  private final ParseBudget budget;
  private boolean closed;

  private GuardedZip(ZipFile zip, ParseBudget budget) {
    this.zip = zip;
    this.budget = budget;
  }

  static GuardedZip open(Path file, ParseBudget budget) throws IOException {
    ZipFile zip = ZipFile.builder().setPath(file).get();
    int entries = 0;
    for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); e.nextElement()) {
      if (++entries > MAX_ENTRIES) {
        zip.close();
        throw new IOException("more than " + MAX_ENTRIES + " zip entries");
      }
    }
    return new GuardedZip(zip, budget);
  }

  @Override
  public Enumeration<? extends ZipArchiveEntry> getEntries() {
    return zip.getEntries();
  }

  @Override
  public ZipArchiveEntry getEntry(String path) {
    return zip.getEntry(path);
  }

  @Override
  public InputStream getInputStream(ZipArchiveEntry entry) throws IOException {
    return new Guarded(zip.getInputStream(entry), entry.getName(), budget);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    zip.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** One entry's inflating stream, checked after every read. */
  private static final class Guarded extends FilterInputStream {
    private final String name;
    private final ParseBudget budget;
    private long inflated;

    Guarded(InputStream in, String name, ParseBudget budget) {
      super(in);
      this.name = name;
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) check(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) check(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) check(skipped);
      return skipped;
    }

    private void check(long n) throws IOException {
      inflated += n;
      // a stored entry has no statistics: it inflates nothing
      long compressed = in instanceof InputStreamStatistics s ? s.getCompressedCount() : inflated;
      String broken = budget.checkZipEntry(name, compressed, inflated);
      if (broken == null) broken = budget.checkTime();
      if (broken != null) throw new IOException(broken);
    }
  }
}
