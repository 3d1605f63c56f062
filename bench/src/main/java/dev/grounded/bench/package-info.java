/**
 * Benchmark harnesses, run by {@code bench/run}. Each prints its figure beside a baseline measured
 * in the same run (raw ONNX Runtime throughput, LangChain4j's embedder, query embedding alone, the
 * in-process calls behind the HTTP server's endpoints), never against a number from elsewhere. Not
 * part of the product; nothing here is tested for timing.
 */
package dev.grounded.bench;
