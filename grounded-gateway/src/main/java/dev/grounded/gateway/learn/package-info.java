/**
 * Small deterministic learners the gateway trains itself: {@link
 * dev.grounded.gateway.learn.Logistic}, shared by the semantic cache's pair classifier and the
 * classifier router.
 */
package dev.grounded.gateway.learn;
