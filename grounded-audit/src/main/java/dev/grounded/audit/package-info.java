/**
 * Operations: what happened, provably. The audit log keeps one hash-chained record per request with
 * signed checkpoints; answers carry signed provenance records; metrics and traces show the service
 * as it runs.
 */
package dev.grounded.audit;
