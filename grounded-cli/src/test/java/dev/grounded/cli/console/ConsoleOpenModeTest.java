package dev.grounded.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback server started before any API key exists serves its own machine without a key (open
 * mode): the console opens straight on the default tenant, with no sign-in form and no sign-out.
 */
class ConsoleOpenModeTest {
  @TempDir Path tmp;

  @Test
  void aServerWithoutKeysOpensTheConsoleWithoutSignIn() throws Exception {
    Path chromium = Browser.find().orElse(null);
    assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium)");
    try (ConsoleServer server = new ConsoleServer(tmp.resolve("data"), List.of());
        Browser browser = new Browser(chromium, tmp.resolve("profile"))) {
      Page page = browser.newPage();
      page.navigate(server.url + "/", server.url + "/console/"); // / redirects to the console
      page.waitForSelector(".tenant");
      assertThat(page.text(".tenant")).isEqualTo("default");
      assertThat(page.eval("!!document.querySelector('input[type=password]')").asBoolean())
          .as("no sign-in form")
          .isFalse();
      page.navigate(server.url + "/console/#/collections");
      page.type("input[name=name]", "notes");
      page.click("form.card button[type=submit]");
      page.waitFor("location.hash === '#/collections/notes'", "the new collection's page");
      assertThat(page.errors).isEmpty();
      assertThat(page.failedLoads).isEmpty();
    }
  }
}
