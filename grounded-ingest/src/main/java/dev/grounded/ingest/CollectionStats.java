package dev.grounded.ingest;

/** A collection's size: documents and chunks in its last commit, and the index's bytes on disk. */
public record CollectionStats(String name, int documents, int chunks, long indexBytes) {}
