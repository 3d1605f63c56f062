/**
 * Human-readable reports: {@link HtmlReport} renders an answer evaluation as one self-contained
 * HTML file (inline CSS and SVG, no scripts, no external resources), so it can be attached to a CI
 * run or mailed. Everything from the data set or the answers is HTML-escaped.
 */
package dev.grounded.eval.report;
