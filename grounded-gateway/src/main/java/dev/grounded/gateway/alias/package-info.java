/**
 * Model aliases: the names clients ask for ({@code fast}, {@code gpt-4o}) mapped to a configured
 * provider and its upstream model. {@link dev.grounded.gateway.alias.AliasProvider} is the chain's
 * terminal {@link dev.grounded.gateway.provider.Provider} until the router interceptor exists: it
 * sends each request to its alias's first target and answers under the alias's name.
 */
package dev.grounded.gateway.alias;
