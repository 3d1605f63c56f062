package dev.grounded.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.embed.TinyCrossEncoder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's search playground, audit and provenance, and prompts views in headless Chromium
 * against {@code grounded serve} (with the tiny test cross-encoder as its reranker): four rankings
 * side by side with scores; the audit records of the test's own asks; the chain verified from the
 * page, then tampered with in the SQLite file (server stopped, a second one started on the same
 * data) and the first bad record named; a provenance record verified as kept and, altered, naming
 * the field; two prompt versions diffed, a label moved with a split and rolled back through the
 * confirmation dialog, a third version created from the page; a model alias's versions and split;
 * another tenant sees none of it; phone width and the dialog by keyboard. Screenshots {@code
 * 20-*.png} onward go to {@code target/console-screenshots/}. Skips where Chromium is not
 * installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAuditPromptsTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");
  @TempDir static Path tmp;
  static Path data, config;
  static ConsoleServer server;
  static Browser browser;
  static String acme, globex;

  @BeforeAll
  static void start() throws Exception {
    Path chromium = Browser.find().orElse(null);
    assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium)");
    data = tmp.resolve("data");
    acme = ConsoleServer.createKey(data, "acme");
    globex = ConsoleServer.createKey(data, "globex");
    Path reranker = TinyCrossEncoder.write(tmp.resolve("cross-encoder"));
    // a model alias to version (its provider is never called: the test only versions and labels it)
    config = tmp.resolve("grounded.yaml");
    Files.writeString(
        config,
        "providers:\n  local:\n    base_url: http://127.0.0.1:9/v1\nmodels:\n  fast:\n"
            + "    provider: local\n    model: small-a\n");
    server =
        new ConsoleServer(
            data, List.of("--config", config.toString(), "--reranker", reranker.toString()));
    browser = new Browser(chromium, tmp.resolve("profile"));

    send("POST", "/api/collections", acme, "{\"name\":\"manual\"}", 201);
    server.upload(
        acme,
        "manual",
        "boiler.md",
        "# Boiler\n\nThe boiler pressure should stay between 1 and 2 bar. Top it up through the"
            + " filling loop when the gauge drops below 1 bar.\n");
    server.upload(
        acme,
        "manual",
        "radiators.txt",
        "Radiators\n\nBleed a radiator with the key when its top stays cold while the bottom is"
            + " warm; air trapped inside lowers the pressure of the heating.\n");
    server.upload(
        acme,
        "manual",
        "thermostat.txt",
        "Thermostat\n\nThe thermostat keeps the living room at 20 degrees by day and 16 at"
            + " night. Its batteries last two years.\n");
    server.upload(
        acme,
        "manual",
        "lighthouse.txt",
        "Lighthouse\n\nThe lighthouse signal <img src=x onerror=\"window.__pwned = 1\"> and"
            + " <script>window.__pwned = 2</script> mark the shore.\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (server != null) server.close();
  }

  /** An API call with the key; the parsed answer (fails on another status). */
  static JsonNode send(String method, String path, String key, String json, int expected)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return Cdp.JSON.readTree(r.body());
  }

  static Page signedIn(String key) {
    return browser.newPage().signIn(server.url, key);
  }

  @Test
  @Order(1)
  void searchShowsFourRankingsSideBySideWithScores() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/search/manual");
    page.type("input[name=query]", "boiler pressure too low");
    page.click("form.search-form button[type=submit]");
    page.waitFor(
        "document.querySelectorAll('.search-col:not([aria-busy]) .hit').length >= 4",
        "hits in every column");
    for (String mode : List.of("bm25", "dense", "hybrid", "reranked")) {
      String col = ".search-col[data-mode=" + mode + "]";
      assertThat(page.eval("document.querySelectorAll('" + col + " .hit').length").asInt())
          .as(mode + " hits")
          .isPositive();
      assertThat(page.text(col + " .hit .score")).as(mode + " score").matches("-?\\d+\\.\\d{4}");
      assertThat(page.text(col)).as(mode + " finds the boiler").contains("boiler.md");
    }
    // the reranked column is the cross-encoder's: its scores are not the fused ones
    List<Double> fused = scores(page, "hybrid"), reranked = scores(page, "reranked");
    assertThat(reranked).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(reranked).isNotEqualTo(fused);
    JsonNode api =
        send(
            "POST",
            "/api/collections/manual/search",
            acme,
            "{\"query\":\"boiler pressure too low\",\"k\":5}",
            200);
    assertThat(api.path("reranked").asBoolean()).isTrue();
    assertThat(reranked.getFirst()).isEqualTo(round4(api.at("/data/0/score").asDouble()));
    assertThat(page.eval("location.hash").asText())
        .isEqualTo("#/search/manual?q=boiler%20pressure%20too%20low&k=5");
    shot(page, "20-search.png");

    // chunk texts are untrusted: markup in them is shown as text and never runs
    page.type("input[name=query]", "lighthouse signal");
    page.click("form.search-form button[type=submit]");
    page.waitFor(
        "[...document.querySelectorAll('.search-col[data-mode=bm25] .hit-text')]"
            + ".some(e => e.textContent.includes('onerror'))",
        "the lighthouse chunk");
    assertThat(page.text(".search-col[data-mode=bm25] .hit-text"))
        .contains("<img src=x onerror=\"window.__pwned = 1\">")
        .contains("<script>window.__pwned = 2</script>");
    assertThat(page.eval("typeof window.__pwned").asText())
        .as("no script ran")
        .isEqualTo("undefined");
    assertThat(page.eval("document.querySelectorAll('main img, main script').length").asInt())
        .isZero();
    assertThat(page.errors).isEmpty();
  }

  /** A full-page screenshot from the top (the sticky header where it belongs). */
  static void shot(Page page, String name) throws Exception {
    page.eval("window.scrollTo(0, 0)");
    page.screenshot(SHOTS.resolve(name), true);
  }

  static List<Double> scores(Page page, String mode) {
    List<Double> out = new ArrayList<>();
    for (JsonNode n :
        page.eval(
            "[...document.querySelectorAll('.search-col[data-mode="
                + mode
                + "] .hit .score')].map(e => e.textContent)"))
      out.add(Double.parseDouble(n.asText().replace(",", "")));
    return out;
  }

  static double round4(double d) {
    return Math.round(d * 10_000) / 10_000.0;
  }

  static JsonNode ask1, ask2;

  @Test
  @Order(2)
  void auditListsTheTestsAsksAndTheChainVerifiesFromThePage() throws Exception {
    ask1 = ask("console-ask-1", "What should the boiler pressure be?");
    ask2 = ask("console-ask-2", "How long do the thermostat batteries last?");
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/audit?kind=ask");
    page.waitForSelector(".audit-list tbody tr");
    String list = page.text(".audit-list");
    assertThat(list).contains("console-ask-1").contains("console-ask-2");
    assertThat(page.eval("document.querySelectorAll('.audit-list tbody tr').length").asInt())
        .as("only asks")
        .isEqualTo(2);
    page.click("button.verify-chain");
    page.waitFor("document.querySelector('.chain-result p.ok, .chain-result .error')", "verified");
    assertThat(page.text(".chain-result")).startsWith("Chain valid");
    shot(page, "21-audit-chain-valid.png");
    // a cited document lists the answers that cited it
    page.click(".audit-list tbody tr:first-child a.source-link");
    page.waitFor(
        "location.hash === '#/audit?document=manual%2Fboiler.md'"
            + " && document.querySelectorAll('.audit-list tbody tr').length === 1",
        "the answers citing boiler.md");
    assertThat(page.text(".audit-list tbody")).contains("console-ask-1");
    // a request id filters the list to its record
    page.navigate(server.url + "/console/#/audit?kind=ask");
    page.click(".audit-list tbody tr:first-child a.request-id");
    page.waitFor(
        "location.hash === '#/audit?request_id=console-ask-1'"
            + " && document.querySelectorAll('.audit-list tbody tr').length === 1",
        "the filtered list");
    assertThat(page.errors).isEmpty();
  }

  static JsonNode ask(String requestId, String question) throws Exception {
    HttpResponse<String> r =
        server.http.send(
            HttpRequest.newBuilder(URI.create(server.url + "/api/collections/manual/ask"))
                .header("Authorization", "Bearer " + acme)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Cdp.JSON.createObjectNode().put("question", question).toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = Cdp.JSON.readTree(r.body());
    assertThat(answer.path("provenance").path("request_id").asText()).isEqualTo(requestId);
    return answer;
  }

  @Test
  @Order(3)
  void provenanceOpensFromItsAuditRecordVerifiesAndAnAlteredCopyNamesTheField() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/audit?request_id=console-ask-1");
    page.click(".audit-list a.provenance-link");
    page.waitFor("location.hash === '#/audit/provenance/prov_console-ask-1'", "the record");
    page.waitFor(
        "document.querySelector('textarea[name=provenance]').value.includes('prov_console-ask-1')",
        "the record loaded");
    assertThat(page.text(".provenance-summary")).contains("console-ask-1").contains("boiler.md");
    page.click("form.card button[type=submit]");
    page.waitForSelector(".provenance-result section");
    assertThat(page.text(".provenance-result h2")).startsWith("✓ Verified");
    assertThat(page.text(".provenance-result")).contains("Signature: valid");
    shot(page, "22-provenance-verified.png");

    ObjectNode altered = (ObjectNode) ask1.get("provenance").deepCopy();
    altered.put("abstained", !altered.path("abstained").asBoolean());
    Path file = tmp.resolve("altered-provenance.json");
    Files.writeString(file, altered.toPrettyString());
    page.setFiles("#provenance-file", List.of(file));
    page.waitForSelector(".provenance-result section.not-verified");
    assertThat(page.text(".provenance-result h2")).startsWith("✗ Not verified");
    assertThat(page.text(".provenance-result .changes li[data-field='/abstained'] .field-name"))
        .isEqualTo("/abstained");
    assertThat(page.text(".provenance-result .changes"))
        .contains("/abstained changed: was " + ask1.at("/provenance/abstained").asBoolean());
    assertThat(
            page.eval("document.querySelectorAll('.provenance-result .changes li').length").asInt())
        .as("only the field changed")
        .isEqualTo(1);
    shot(page, "23-provenance-altered.png");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(4)
  void promptsDiffMoveALabelWithASplitAndRollBackThroughTheConfirmation() throws Exception {
    send(
        "POST",
        "/api/prompts",
        acme,
        "{\"name\":\"support\",\"messages\":[{\"role\":\"system\",\"content\":\"You help"
            + " {{product}} users.\"}],\"note\":\"first\"}",
        201);
    send(
        "POST",
        "/api/prompts",
        acme,
        "{\"name\":\"support\",\"messages\":[{\"role\":\"system\",\"content\":\"You help"
            + " {{product}} users. Answer in two sentences.\"}],\"note\":\"shorter\"}",
        201);
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/prompts");
    page.waitForSelector(".registry-list[data-kind=prompt] a.entry-link");
    assertThat(page.text(".registry-list[data-kind=prompt]"))
        .contains("support")
        .contains("production → v1")
        .contains("grounded.answer");
    page.click(".registry-list[data-kind=prompt] a.entry-link[href='#/prompts/prompt/support']");
    page.waitForSelector(".diff-out pre.diff");
    assertThat(page.text(".diff-out")).contains("v1 → v2");
    assertThat(lines(page, ".diff-out .diff-del")).contains("You help {{product}} users.\"");
    assertThat(lines(page, ".diff-out .diff-add")).contains("Answer in two sentences.");
    assertThat(page.text(".labels tr[data-label=production] .serves")).isEqualTo("v1");
    shot(page, "24-prompt-diff.png");

    // move production to v2, then back to v1 with 10 % of the users on v2
    page.eval("document.querySelector('.move-label select[name=version]').value = '2'");
    page.click(".move-label button[type=submit]");
    page.waitFor(
        "(document.querySelector('.labels tr[data-label=production] .serves')||{}).textContent"
            + " === 'v2'",
        "production on v2");
    page.eval(
        "(() => { const f = document.querySelector('.move-label');"
            + " f.elements.version.value = '1'; f.elements.split_version.value = '2'; })()");
    page.type(".move-label input[name=percent]", "10");
    page.click(".move-label button[type=submit]");
    page.waitForSelector(".labels tr[data-label=production] .split-text");
    assertThat(page.text(".labels tr[data-label=production] .split-text"))
        .isEqualTo("v1 90 % · v2 10 %");
    assertThat(
            send("GET", "/api/prompts/support", acme, null, 200)
                .at("/labels/production/split/percent")
                .asInt())
        .isEqualTo(10);
    shot(page, "25-prompt-split.png");

    // roll back: cancel first (nothing changes), then confirm
    page.click(".labels tr[data-label=production] button.rollback");
    page.waitFor("document.querySelector('dialog.confirm').open", "the confirmation");
    assertThat(page.text("dialog.confirm")).contains("Roll back production?");
    page.screenshot(SHOTS.resolve("26-rollback-confirm.png"), false);
    page.click("dialog.confirm button.cancel");
    page.waitFor("!document.querySelector('dialog.confirm').open", "the dialog closed");
    assertThat(
            send("GET", "/api/prompts/support", acme, null, 200)
                .at("/labels/production/split/percent")
                .asInt())
        .as("cancel changes nothing")
        .isEqualTo(10);
    page.click(".labels tr[data-label=production] button.rollback");
    page.waitFor("document.querySelector('dialog.confirm').open", "the confirmation");
    page.click("dialog.confirm button.confirm-rollback");
    page.waitFor(
        "!document.querySelector('.labels tr[data-label=production] .split-text')"
            + " && document.querySelector('.labels tr[data-label=production] .serves').textContent"
            + " === 'v2'",
        "production back on v2 without a split");
    JsonNode production =
        send("GET", "/api/prompts/support", acme, null, 200).at("/labels/production");
    assertThat(production.path("version").asInt()).isEqualTo(2);
    assertThat(production.path("split").isNull()).isTrue();
    shot(page, "27-prompt-rolled-back.png");

    // a third version from the page: created, diffed against v2, no label moved
    page.type(
        ".new-version textarea[name=definition]",
        "{\"messages\": [{\"role\": \"system\", \"content\": \"You help {{product}} users."
            + " Answer in one sentence.\"}]}");
    page.type(".new-version input[name=note]", "from the console");
    page.click(".new-version button[type=submit]");
    page.waitFor(
        "document.querySelector('.diff-out p') && document.querySelector('.diff-out p').textContent"
            + " === 'v2 → v3'",
        "the diff of the new version");
    assertThat(lines(page, ".diff-out .diff-add")).contains("Answer in one sentence.");
    assertThat(page.text("main")).contains("from the console");
    JsonNode entry = send("GET", "/api/prompts/support", acme, null, 200);
    assertThat(entry.path("latest_version").asInt()).isEqualTo(3);
    assertThat(entry.at("/labels/production/version").asInt()).isEqualTo(2);
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(5)
  void aNewPromptIsCreatedFromTheListPage() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/prompts");
    page.type("input[name=new-name]", "greeting");
    page.type("textarea[name=new-text]", "Greet {{name}} in one short sentence.");
    page.type("input[name=new-note]", "first");
    page.click("form.new-prompt button[type=submit]");
    page.waitFor("location.hash === '#/prompts/prompt/greeting'", "the new prompt's page");
    page.waitForSelector(".labels tr[data-label=production] .serves");
    assertThat(page.text(".labels tr[data-label=production] .serves")).isEqualTo("v1");
    JsonNode entry = send("GET", "/api/prompts/greeting", acme, null, 200);
    assertThat(entry.at("/versions/0/definition/text").asText())
        .isEqualTo("Greet {{name}} in one short sentence.");
    assertThat(entry.at("/versions/0/note").asText()).isEqualTo("first");
    // a bad name is refused in place, with the API's message
    page.navigate(server.url + "/console/#/prompts");
    page.type("input[name=new-name]", "no spaces allowed");
    page.type("textarea[name=new-text]", "x");
    page.click("form.new-prompt button[type=submit]");
    page.waitForSelector("form.new-prompt .error");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(6)
  void modelAliasesHaveTheirVersionsDiffAndLabelsToo() throws Exception {
    send("POST", "/api/aliases", acme, "{\"name\":\"fast\",\"targets\":[\"local/small-a\"]}", 201);
    send(
        "POST",
        "/api/aliases",
        acme,
        "{\"name\":\"fast\",\"targets\":[\"local/small-a\",\"local/small-b\"],"
            + "\"weights\":[3,1],\"note\":\"canary b\"}",
        201);
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/prompts");
    page.click(".registry-list[data-kind=alias] a.entry-link[href='#/prompts/alias/fast']");
    page.waitForSelector(".diff-out pre.diff");
    assertThat(page.text("h1")).isEqualTo("Model alias fast");
    assertThat(lines(page, ".diff-out .diff-add")).contains("local/small-b");
    page.eval(
        "(() => { const f = document.querySelector('.move-label');"
            + " f.elements.label.value = 'production'; f.elements.version.value = '1';"
            + " f.elements.split_version.value = '2'; f.elements.percent.value = '20'; })()");
    page.click(".move-label button[type=submit]");
    page.waitForSelector(".labels tr[data-label=production] .split-text");
    assertThat(page.text(".labels tr[data-label=production] .split-text"))
        .isEqualTo("v1 80 % · v2 20 %");
    assertThat(
            send("GET", "/api/aliases/fast", acme, null, 200)
                .at("/labels/production/split/version")
                .asInt())
        .isEqualTo(2);
    shot(page, "33-alias.png");
    assertThat(page.errors).isEmpty();
  }

  static String lines(Page page, String css) {
    return page.eval(
            "[...document.querySelectorAll("
                + Page.quote(css)
                + ")].map(e => e.textContent).join('\\n')")
        .asText();
  }

  @Test
  @Order(7)
  void anotherTenantSeesNoneOfTheAuditRecordsProvenanceOrPrompts() throws Exception {
    Page page = signedIn(globex);
    page.navigate(server.url + "/console/#/audit");
    page.waitForSelector(".audit-list p, .audit-list table");
    assertThat(page.text("main")).doesNotContain("console-ask").contains("No audit records yet");
    page.navigate(server.url + "/console/#/audit/provenance/prov_console-ask-1");
    page.waitForSelector("main .error");
    assertThat(page.text("main .error")).contains("no provenance record prov_console-ask-1");
    page.navigate(server.url + "/console/#/prompts");
    page.waitForSelector(".registry-list[data-kind=prompt] a.entry-link");
    assertThat(page.text("main"))
        .contains("grounded.answer")
        .doesNotContain("support")
        .doesNotContain("greeting")
        .contains("No versioned model aliases");
    page.navigate(server.url + "/console/#/prompts/prompt/support");
    page.waitForSelector(".view-prompts .error");
    assertThat(page.text("main")).doesNotContain("two sentences");
    page.navigate(server.url + "/console/#/search/manual?q=boiler");
    page.waitForSelector(".view-search .error");
    assertThat(page.text("main")).doesNotContain("boiler.md");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(8)
  void aTamperedAuditTableIsNamedAtItsFirstBadRecord() throws Exception {
    server.close(); // a clean stop: the log is flushed and its head signed
    server = null;
    long seq;
    try (Connection db =
        DriverManager.getConnection("jdbc:sqlite:" + data.resolve("grounded.db"))) {
      String body;
      try (PreparedStatement q =
          db.prepareStatement(
              "SELECT seq, body FROM audit WHERE request_id = 'console-ask-2' AND kind = 'ask'")) {
        ResultSet rs = q.executeQuery();
        assertThat(rs.next()).isTrue();
        seq = rs.getLong(1);
        body = rs.getString(2);
      }
      ObjectNode edited = (ObjectNode) Cdp.JSON.readTree(body);
      edited.put("tokens_out", edited.path("tokens_out").asLong() + 7);
      try (PreparedStatement u = db.prepareStatement("UPDATE audit SET body = ? WHERE seq = ?")) {
        u.setString(1, edited.toString());
        u.setLong(2, seq);
        assertThat(u.executeUpdate()).isEqualTo(1);
      }
    }
    // the same data and configuration, and no reranker this time
    server = new ConsoleServer(data, List.of("--config", config.toString()));
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/audit?kind=ask");
    page.waitForSelector(".audit-list tbody tr");
    page.click("button.verify-chain");
    page.waitFor("document.querySelector('.chain-result p.ok, .chain-result .error')", "verified");
    assertThat(page.text(".chain-result")).startsWith("Chain broken at record " + seq);
    assertThat(page.text(".chain-result .first-bad")).isEqualTo(String.valueOf(seq));
    assertThat(page.text(".audit-list tr.bad"))
        .contains("console-ask-2")
        .contains("first bad record");
    shot(page, "28-audit-tampered.png");
    page.click(".chain-result a.from-first-bad");
    page.waitFor(
        "document.querySelector('.audit-list tbody tr:first-child.bad')", "the list from it on");
    assertThat(page.text(".audit-list tbody tr:first-child")).contains("console-ask-2");

    page.navigate(server.url + "/console/#/search/manual?q=radiator&k=3");
    page.waitForSelector(".search-col[data-mode=reranked] .no-reranker");
    assertThat(page.text(".search-col[data-mode=reranked]"))
        .contains("No reranker is configured on this server");
    page.waitFor(
        "document.querySelectorAll('.search-col[data-mode=hybrid] .hit').length === 3",
        "the other columns");
    shot(page, "29-search-no-reranker.png");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(9)
  void phoneWidthAndKeyboard() throws Exception {
    Page page = signedIn(acme);
    page.viewport(390, 844, true);
    page.navigate(server.url + "/console/#/search/manual?q=radiator&k=3");
    page.waitFor(
        "document.querySelectorAll('.search-col[data-mode=bm25] .hit').length > 0", "hits");
    assertNoSideways(page, "search");
    shot(page, "30-phone-search.png");
    page.navigate(server.url + "/console/#/audit");
    page.waitForSelector(".audit-list tbody tr");
    assertNoSideways(page, "audit");
    shot(page, "31-phone-audit.png");
    page.navigate(server.url + "/console/#/prompts/prompt/support");
    page.waitForSelector(".labels tr[data-label=production] button.rollback");
    assertNoSideways(page, "prompt");
    // keyboard: Enter on the focused rollback button opens the dialog, Escape cancels it
    page.eval(
        "document.querySelector('.labels tr[data-label=production] button.rollback').focus()");
    page.press("Enter", 0);
    page.waitFor("document.querySelector('dialog.confirm').open", "the confirmation");
    assertThat(page.eval("document.activeElement.textContent").asText()).isEqualTo("Cancel");
    page.screenshot(SHOTS.resolve("32-phone-rollback-confirm.png"), false);
    page.press("Escape", 0);
    page.waitFor("!document.querySelector('dialog.confirm').open", "the dialog closed");
    assertThat(
            send("GET", "/api/prompts/support", acme, null, 200)
                .at("/labels/production/version")
                .asInt())
        .as("Escape changes nothing")
        .isEqualTo(2);
    assertThat(page.errors).isEmpty();
  }

  static void assertNoSideways(Page page, String view) {
    assertThat(page.fitsWidth())
        .as("no horizontal scrolling of the %s view at a phone's width", view)
        .isTrue();
  }
}
