package dev.grounded.cli.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, started with a fresh profile and driven over the DevTools protocol.
 * Tests skip where it is not installed ({@link #find}).
 */
final class Browser implements AutoCloseable {
  private static final List<String> CHROMIUMS =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Cdp cdp;

  static Optional<Path> find() {
    String given = System.getenv("GROUNDED_CHROMIUM");
    if (given != null && Files.isExecutable(Path.of(given))) return Optional.of(Path.of(given));
    return CHROMIUMS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  Browser(Path chromium, Path profile) throws Exception {
    Files.createDirectories(profile);
    process =
        new ProcessBuilder(
                chromium.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-quic",
                "--hide-scrollbars",
                "--mute-audio",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("chromium-stderr")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) url.complete(m.group(1));
                }
              } catch (IOException e) {
                url.completeExceptionally(e);
              }
              url.completeExceptionally(new IllegalStateException("Chromium exited"));
            });
    cdp = new Cdp(URI.create(url.get(60, TimeUnit.SECONDS)));
  }

  /** A new tab, attached (flat session), with page, runtime, network and log events on. */
  Page newPage() {
    String target =
        cdp.send(null, "Target.createTarget", Map.of("url", "about:blank"))
            .get("targetId")
            .asText();
    String session =
        cdp.send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .get("sessionId")
            .asText();
    return new Page(cdp, session);
  }

  @Override
  public void close() throws Exception {
    try {
      cdp.send(null, "Browser.close", Map.of());
    } catch (RuntimeException ignored) {
      // it may already be gone
    }
    cdp.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
