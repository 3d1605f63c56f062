/**
 * Signed collection versions (a corpus is an attack surface too): {@link
 * dev.grounded.guard.provenance.CorpusManifest} names a collection's content as a digest over its
 * documents' content hashes; {@link dev.grounded.guard.provenance.SigningKey} signs and verifies
 * that digest with Ed25519 (the JDK's own provider), so an answer can prove which corpus it came
 * from and a changed corpus is detected. Values are immutable; a key is safe to share.
 */
package dev.grounded.guard.provenance;
