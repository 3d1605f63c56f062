package dev.grounded.guard.provenance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A collection's content as a list of documents and their content hashes, sorted by id, and its
 * digest: SHA-256 over one line {@code id TAB hash LF} per document. The same documents with the
 * same contents give the same digest whatever order they were ingested in.
 */
public record CorpusManifest(List<Entry> entries) {
  /** One document: its id in the collection and the hash of its content. */
  public record Entry(String id, String contentHash) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(contentHash, "contentHash");
      if (id.contains("\t") || id.contains("\n") || contentHash.contains("\t"))
        throw new IllegalArgumentException("tab or newline in a manifest entry: " + id);
    }
  }

  public CorpusManifest {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::id));
    for (int i = 1; i < sorted.size(); i++)
      if (sorted.get(i).id().equals(sorted.get(i - 1).id()))
        throw new IllegalArgumentException("document listed twice: " + sorted.get(i).id());
    entries = List.copyOf(sorted);
  }

  /** {@code sha256:<hex>} of the canonical lines. */
  public String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Entry e : entries)
        sha.update((e.id() + "\t" + e.contentHash() + "\n").getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * How {@code now} differs from this manifest: each document id that was added, removed or
   * changed, sorted by id.
   */
  public Map<String, String> changesTo(CorpusManifest now) {
    Map<String, String> before = new LinkedHashMap<>();
    for (Entry e : entries) before.put(e.id(), e.contentHash());
    Map<String, String> out = new java.util.TreeMap<>();
    for (Entry e : now.entries()) {
      String old = before.remove(e.id());
      if (old == null) out.put(e.id(), "added");
      else if (!old.equals(e.contentHash())) out.put(e.id(), "changed");
    }
    for (String removed : before.keySet()) out.put(removed, "removed");
    return out;
  }
}
