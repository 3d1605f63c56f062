/**
 * Parsing: a file to plain text with structure ({@link dev.grounded.ingest.parse.ParsedDocument}).
 *
 * <p>{@link dev.grounded.ingest.parse.Parser} is the stage interface; {@link
 * dev.grounded.ingest.parse.TikaParser} reads text, markdown, reStructuredText, HTML, PDF and DOCX.
 * The text puts every paragraph and heading on its own, separated by {@code "\n\n"}; {@link
 * dev.grounded.ingest.parse.Section}s mark the body text under each heading path and page by
 * character offsets into it, so chunks cut from a section keep exact offsets into the document.
 *
 * <p>Errors are {@link dev.grounded.core.GroundedException}s naming the file: {@code
 * INVALID_REQUEST} (missing or unreadable), {@code UNSUPPORTED_MEDIA_TYPE}, {@code
 * UNPARSEABLE_DOCUMENT} (corrupt, encrypted, a zip bomb, over the parse timeout), {@code
 * PAYLOAD_TOO_LARGE} (more pages, characters or inflated zip bytes than the {@link
 * dev.grounded.ingest.parse.ParseLimits} allow; the message names the setting). Limits are checked
 * while reading ({@code ParseBudget}), so an oversized document is stopped early. A document with
 * no extractable text is not an error: it has empty text and no sections.
 *
 * <p>Threading: {@code TikaParser} is immutable and thread-safe. Internal: the readers ({@code
 * MarkdownReader}, {@code PlainTextReader}, {@code StructureHandler} for Tika's XHTML events),
 * {@code DocumentBuilder}, {@code Format}.
 */
package dev.grounded.ingest.parse;
