/**
 * Detectors of corpus poisoning that work on one chunk's text: {@link
 * dev.grounded.guard.poisoning.KeywordStuffingGuard} finds chunks written to match many queries
 * rather than to be read. Collection-wide checks (repeated passages across documents, a sudden
 * change of a large share of a collection) need the whole ingest run and live in grounded-ingest.
 */
package dev.grounded.guard.poisoning;
