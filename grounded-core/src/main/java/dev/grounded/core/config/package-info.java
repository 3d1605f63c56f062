/**
 * Configuration: typed settings, their registry and their resolution.
 *
 * <p>A {@link dev.grounded.core.config.Setting} is one key of {@code grounded.yaml} with its {@link
 * dev.grounded.core.config.SettingType}, default, environment variables and a one-line description;
 * an application registers each of its settings once in a {@link
 * dev.grounded.core.config.Settings}. {@link dev.grounded.core.config.Config#resolve} validates a
 * file's {@link dev.grounded.core.config.ConfigEntry entries} and the environment against the
 * registry and gives each setting's effective value and {@link dev.grounded.core.config.Origin}.
 * Precedence: command-line flag (applied by the CLI) &gt; environment &gt; file &gt; default.
 *
 * <p>Reading YAML is not done here (this module has no dependencies): the CLI parses the file into
 * entries with their line numbers. Secrets are refused as keys: they come from the environment
 * only. Everything is immutable and thread-safe once the registry's static initialisers have run.
 */
package dev.grounded.core.config;
