/**
 * Grounded's own model calls through the gateway: {@link dev.grounded.gateway.client.ChatModel}
 * gives the answer generators, the judges and library users a plain "messages in, text out" call
 * that runs the whole chain (routing, fallbacks, retries, breakers, and caches, budgets and the
 * ledger where configured).
 */
package dev.grounded.gateway.client;
