package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loads {@code /docs} in headless Chromium (the Debian package; the test skips where it is not
 * installed) and checks that the page's script rendered every registered route from {@code
 * /openapi.json}: the served HTML itself names none of them.
 */
class DocsPageBrowserTest {
  static final List<String> CHROMIUMS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

  @Test
  void theDocsPageRendersEveryRouteInARealBrowser() throws Exception {
    Path chromium =
        CHROMIUMS.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium)");
    try (TestServer server = new TestServer(TestServer.temp("grounded-docs-page"))) {
      assertThat(server.get("/docs", null).body()).doesNotContain("/v1/embeddings");
      String dom = dumpDom(chromium, server.url("/docs"));
      for (String[] route : server.server.registeredRoutes()) {
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(route[0])) continue;
        assertThat(dom).as("rendered %s %s", route[0], route[1]).contains(route[1]);
      }
      assertThat(dom).contains("curl");
    }
  }

  /** The DOM after the page's scripts ran, as Chromium serializes it. */
  private static String dumpDom(Path chromium, String url)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("grounded-chromium");
    Path out = Files.createTempFile("grounded-dom", ".html");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000",
                "--dump-dom",
                url)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 90 s");
    }
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
