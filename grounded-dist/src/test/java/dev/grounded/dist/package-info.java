/**
 * The release test: installs {@code target/grounded-VERSION.tar.gz} in a temp dir, as a user would,
 * and runs {@code bin/grounded demo} and {@code bin/grounded serve} from it with only a Java
 * runtime, no source tree and no Maven.
 *
 * <p>Runs after {@code package} (Maven's integration-test phase), since it needs the tarball;
 * {@code -DskipTests} skips it. Each launch is a real child process with bounded waits; its output
 * goes to files in the temp dir and is quoted in any failure message.
 */
package dev.grounded.dist;
