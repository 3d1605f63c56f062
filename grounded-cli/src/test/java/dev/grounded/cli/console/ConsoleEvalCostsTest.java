package dev.grounded.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grounded.gateway.upstream.FakeOpenAiUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Evaluation and Costs views in Debian's headless Chromium against {@code grounded
 * serve}: start two evaluations from the page and watch them finish, open a report (metrics with
 * intervals, histograms, worst items), compare the two with the gate; the cost charts over real
 * ledger rows (gateway calls answered by a local fake OpenAI-compatible upstream) and the key's
 * budget; another tenant's key sees none of it. Screenshots go to {@code
 * target/console-screenshots/} (10-… onward). Skips where Chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEvalCostsTest {
  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final String QA =
      """
      {"id": "refund-days", "question": "Within how many days are refunds issued?", "answers": ["14 days"]}
      {"id": "gift-cards", "question": "Are gift cards refunded?", "answers": ["never refunded"]}
      {"id": "warehouse", "question": "Where do orders ship from?", "answers": ["the Rotterdam warehouse"]}
      {"id": "warranty", "question": "How long is the appliance warranty?", "answers": ["three-year"]}
      {"id": "parking", "question": "How much does staff parking cost?", "answers": [], "answerable": false}
      """;
  @TempDir static Path tmp;
  static FakeOpenAiUpstream upstream;
  static ConsoleServer server;
  static Browser browser;
  static String acme, globex;
  static final List<String> reports = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path chromium = Browser.find().orElse(null);
    assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium)");
    upstream =
        new FakeOpenAiUpstream(
            (n, req) -> FakeOpenAiUpstream.answer("Refunds are issued within fourteen days."));
    Path config = tmp.resolve("grounded.yaml");
    Files.writeString(
        config,
        "providers:\n  fake:\n    base_url: "
            + upstream.baseUrl()
            + "\nmodels:\n  small:\n    provider: fake\n    model: m-small\n"
            + "  big:\n    provider: fake\n    model: m-big\n"
            + "prices:\n  m-small: {input_per_1m: 1.5, output_per_1m: 6}\n"
            + "  m-big: {input_per_1m: 30, output_per_1m: 120}\n");
    Path data = tmp.resolve("data");
    acme =
        ConsoleServer.createKey(data, "acme", "--budget-usd-day", "5", "--budget-usd-month", "50");
    globex = ConsoleServer.createKey(data, "globex");
    server = new ConsoleServer(data, List.of("--config", config.toString()));
    browser = new Browser(chromium, tmp.resolve("profile"));

    server.post("/api/collections", acme, "{\"name\":\"handbook\"}");
    server.upload(
        acme,
        "handbook",
        "refunds.md",
        "# Refunds\n\nRefunds are issued within 14 days of purchase when the original receipt is"
            + " shown.\n\n## Exceptions\n\nGift cards are never refunded, and sale items are"
            + " exchanged only.\n");
    server.upload(
        acme,
        "handbook",
        "shipping.md",
        "# Shipping\n\nOrders ship from the Rotterdam warehouse within two business days.\n");
    server.upload(
        acme,
        "handbook",
        "warranty.md",
        "# Warranty\n\nEvery appliance carries a three-year warranty covering parts and labour.\n");

    // gateway calls: the ledger's rows the costs view charts; the repeated one (temperature 0) is
    // answered from the cache
    chat(acme, "small", "ann", "How long do refunds take?");
    chat(acme, "small", "ann", "How long do refunds take?");
    chat(acme, "small", "bob", "Where do orders ship from?");
    chat(acme, "big", "bob", "How long is the warranty?");
    chat(acme, "big", "ann", "Are gift cards refunded?");
    chat(globex, "small", "zed", "Who is the harbor master?");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (server.get("/api/costs", acme).at("/total/calls").asInt() < 5
        || server.get("/api/costs", globex).at("/total/calls").asInt() < 1) {
      if (System.nanoTime() > deadline) throw new AssertionError("the ledger has no rows");
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (server != null) server.close();
    if (upstream != null) upstream.close();
  }

  static void chat(String key, String model, String user, String question) throws Exception {
    server.post(
        "/v1/chat/completions",
        key,
        "{\"model\":\""
            + model
            + "\",\"temperature\":0,\"user\":\""
            + user
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + question
            + "\"}]}");
  }

  /** A full-page screenshot from the top (a sticky header would be drawn where it was scrolled). */
  static void shot(Page page, String name) throws Exception {
    page.eval("window.scrollTo(0, 0)");
    page.screenshot(SHOTS.resolve(name), true);
  }

  static String score(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static Page signedIn(String key) {
    return browser.newPage().signIn(server.url, key);
  }

  @Test
  @Order(1)
  void startTwoEvaluationsFromThePageAndWatchThemFinish() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/eval");
    page.waitForSelector(".view-eval .reports .empty");
    // the first set uploaded as a file, the second pasted
    Path qa = tmp.resolve("qa.jsonl");
    Files.writeString(qa, QA, StandardCharsets.UTF_8);
    page.setFiles("input[name=qa-file]", List.of(qa));
    page.waitFor(
        "document.querySelector('textarea[name=qa]').value.includes('refund-days')",
        "the uploaded QA set in the form");
    page.type("input[name=k]", "1");
    page.click("form.start-eval button[type=submit]");
    page.waitForSelector(".eval-status .watch");
    String first = page.eval("document.querySelector('.eval-status .watch').dataset.job").asText();
    page.waitForSelector(".eval-status .open-report");
    assertThat(page.text(".eval-status .watch")).contains("succeeded").contains("5 / 5");
    reports.add(first);

    // the second run: k 5 and one more question, so the gate has changes to show
    page.type(
        "textarea[name=qa]",
        QA
            + "{\"id\": \"sale-items\", \"question\": \"What happens to sale items"
            + " <img src=x onerror=window.__pwned=1>?\","
            + " \"answers\": [\"exchanged only\"]}\n");
    page.type("input[name=k]", "5");
    page.click("form.start-eval button[type=submit]");
    page.waitFor(
        "(() => { const w = document.querySelector('.eval-status .watch');"
            + " return w && w.dataset.job !== "
            + Page.quote(first)
            + " && document.querySelector('.eval-status .open-report'); })()",
        "the second evaluation finished");
    String second = page.eval("document.querySelector('.eval-status .watch').dataset.job").asText();
    reports.add(second);
    page.waitFor(
        "document.querySelectorAll('.reports a.report-link').length === 2"
            + " && !document.querySelector('.reports progress')",
        "both reports listed as finished");
    assertThat(page.text(".reports")).contains(first).contains(second).contains("succeeded");
    // the list's headline metrics are the reports' own
    JsonNode report = server.get("/api/jobs/" + second, acme).get("report");
    assertThat(page.text(".reports tbody tr:first-child"))
        .contains(second)
        .contains(score(report.at("/metrics/f1").asDouble()));
    shot(page, "10-eval-list.png");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(2)
  void aReportShowsMetricsWithIntervalsHistogramsAndTheWorstItems() throws Exception {
    String id = reports.get(1);
    JsonNode report = server.get("/api/jobs/" + id, acme).get("report");
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/eval/" + id);
    page.waitForSelector(".histograms svg rect.bar");
    page.waitForSelector(".worst .item");

    // metrics table: every metric of the report, its mean and its interval
    JsonNode rows =
        page.eval(
            "[...document.querySelectorAll('.view-eval section:first-of-type tbody tr')]"
                + ".map(tr => [...tr.children].map(td => td.textContent))");
    assertThat(rows).hasSize(report.get("metrics").size());
    for (JsonNode row : rows) {
      String metric = row.get(0).asText();
      assertThat(row.get(1).asText()).isEqualTo(score(report.at("/metrics/" + metric).asDouble()));
      JsonNode ci = report.at("/intervals/" + metric);
      if (!ci.isMissingNode())
        assertThat(row.get(2).asText())
            .isEqualTo(
                "["
                    + score(ci.get("low").asDouble())
                    + ", "
                    + score(ci.get("high").asDouble())
                    + "]");
    }
    assertThat(page.eval("document.querySelectorAll('svg.intervals .whisker').length").asInt())
        .isEqualTo(report.get("intervals").size());

    // the f1 histogram counts every item that has an f1 score
    int scored = 0;
    double lowest = Double.MAX_VALUE;
    for (JsonNode item : report.get("items"))
      if (item.at("/scores/f1").isNumber()) {
        scored++;
        lowest = Math.min(lowest, item.at("/scores/f1").asDouble());
      }
    int counted =
        page.eval(
                "(() => { const f = [...document.querySelectorAll('.histograms figure')]"
                    + ".find(f => f.querySelector('figcaption').textContent === 'Per-item f1');"
                    + " return [...f.querySelectorAll('tbody td:nth-child(2)')]"
                    + ".reduce((a, td) => a + Number(td.textContent), 0); })()")
            .asInt();
    assertThat(counted).isEqualTo(scored).isPositive();
    assertThat(page.eval("document.querySelector('.histograms svg title').textContent").asText())
        .isNotEmpty();
    // one metric chosen: its histogram alone
    page.eval(
        "(() => { const s = document.querySelector('select[name=hist-metric]'); s.value = 'rouge_l';"
            + " s.dispatchEvent(new Event('change')); })()");
    assertThat(
            page.eval(
                    "[...document.querySelectorAll('.histograms figcaption')].map(c => c.textContent).join()")
                .asText())
        .isEqualTo("Per-item rouge_l");

    // the worst item by f1 comes first, with its answer and its claims' citations
    assertThat(page.text(".worst .item .badge")).isEqualTo("f1 " + score(lowest));
    String firstItem = page.eval("document.querySelector('.worst .item').dataset.item").asText();
    JsonNode item = null;
    for (JsonNode i : report.get("items")) if (i.get("id").asText().equals(firstItem)) item = i;
    assertThat(item).isNotNull();
    assertThat(item.at("/scores/f1").asDouble()).isEqualTo(lowest);
    assertThat(
            page.eval("document.querySelector('.worst .item .answer-text').textContent").asText())
        .isEqualTo(item.get("answer").asText().isEmpty() ? "(none)" : item.get("answer").asText());
    assertThat(page.eval("document.querySelectorAll('.worst .claims .cited').length").asInt())
        .as("claims with their citations")
        .isPositive();
    assertThat(page.text(".worst"))
        .containsAnyOf("cites refunds.md", "cites shipping.md", "cites warranty.md");
    // a question's text (untrusted, like documents) is shown as text
    assertThat(page.text(".worst")).contains("sale items <img src=x onerror=window.__pwned=1>?");
    assertThat(page.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
    assertThat(page.eval("document.querySelectorAll('main img').length").asInt()).isZero();
    shot(page, "11-eval-report.png");

    page.viewport(390, 844, true);
    page.navigate(server.url + "/console/#/eval/" + id);
    page.waitForSelector(".worst .item");
    assertThat(page.fitsWidth()).as("no horizontal scrolling at a phone's width").isTrue();
    page.screenshot(SHOTS.resolve("16-eval-report-phone.png"), false);
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(3)
  void twoReportsAreComparedWithTheGate() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/eval");
    page.waitFor(
        "document.querySelectorAll('.reports input[type=checkbox]').length === 2", "the list");
    page.click(".reports input[data-job='" + reports.get(1) + "']");
    page.click(".reports input[data-job='" + reports.get(0) + "']");
    page.click("button.compare");
    page.waitForSelector(".gate-result table");
    assertThat(page.eval("location.hash").asText())
        .isEqualTo("#/eval/gate/" + reports.get(0) + "/" + reports.get(1));

    ObjectNode body = Cdp.JSON.createObjectNode();
    body.set("baseline", server.get("/api/jobs/" + reports.get(0), acme).get("report"));
    body.set("current", server.get("/api/jobs/" + reports.get(1), acme).get("report"));
    body.put("default_max_drop", 0.02);
    JsonNode gate = server.post("/api/eval/gate", acme, body.toString());
    JsonNode shown =
        page.eval(
            "[...document.querySelectorAll('.gate-result tbody tr')]"
                + ".map(tr => tr.dataset.status + ' ' + tr.children[0].textContent)");
    List<String> expected = new ArrayList<>();
    for (JsonNode r : gate.get("rows"))
      expected.add(r.get("status").asText() + " " + r.get("metric").asText());
    List<String> actual = new ArrayList<>();
    shown.forEach(n -> actual.add(n.asText()));
    assertThat(actual).isEqualTo(expected).isNotEmpty();
    assertThat(page.text(".gate-verdict"))
        .isEqualTo(gate.get("passed").asBoolean() ? "gate passed" : "gate failed");
    shot(page, "12-eval-gate.png");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(4)
  void theCostChartsShowTheLedgerAndTheBudget() throws Exception {
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/costs");
    page.waitForSelector(".spend-chart svg rect.bar");
    JsonNode byModel = server.get("/api/costs?by=model&since=30d", acme);
    assertThat(byModel.get("rows")).hasSize(3); // two models and the cache's answer (no model)
    List<String> costs = new ArrayList<>();
    for (JsonNode r : byModel.get("rows")) costs.add("$" + r.get("cost_usd").asText());
    JsonNode shown =
        page.eval("[...document.querySelectorAll('.by-group .cost')].map(e => e.textContent)");
    List<String> actual = new ArrayList<>();
    shown.forEach(n -> actual.add(n.asText()));
    assertThat(actual).isEqualTo(costs);
    assertThat(page.text(".by-group"))
        .contains("m-small")
        .contains("m-big")
        .contains("(cache hit)");
    // today's stacked bar: one rect per model
    assertThat(page.eval("document.querySelectorAll('.spend-chart svg rect.bar').length").asInt())
        .isEqualTo(2);
    assertThat(page.eval("document.querySelectorAll('.tokens-chart svg polyline').length").asInt())
        .isEqualTo(2);
    assertThat(page.text(".summary .total-calls .stat")).isEqualTo("5");
    // repeated calls at temperature 0 were answered from the cache (counters of the whole server)
    JsonNode cache = server.get("/api/cache", acme);
    long hits = cache.get("hits").asLong() + cache.get("semantic_hits").asLong();
    long looked = hits + cache.get("misses").asLong();
    assertThat(hits).isPositive();
    assertThat(page.text(".summary .cache .stat"))
        .isEqualTo(String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / looked));

    // the key's budget against its limits (spent today of $5 a day)
    JsonNode budgets = server.get("/api/budgets", acme).get("data");
    assertThat(budgets).hasSize(1);
    String scope = budgets.get(0).get("scope").asText();
    double usedToday = budgets.get(0).at("/used/usd_today").asDouble();
    assertThat(usedToday).isPositive();
    String meter = ".budgets [data-scope='" + scope + "'][data-period='Today'] meter";
    assertThat(page.eval("document.querySelector(\"" + meter + "\").max").asDouble())
        .isEqualTo(5.0);
    assertThat(page.eval("document.querySelector(\"" + meter + "\").value").asDouble())
        .isEqualTo(usedToday);
    assertThat(page.text(".budgets")).contains(scope.substring(4)).contains("of $5 (");
    assertThat(page.text(".economics"))
        .contains("$" + byModel.at("/unit_economics/cost_per_call_usd").asText());
    shot(page, "13-costs.png");

    // by key, tokens: the same calls under the key's id
    page.eval(
        "(() => { const s = document.querySelector('select[name=by]'); s.value = 'key';"
            + " s.dispatchEvent(new Event('change')); })()");
    page.waitFor(
        "document.querySelector('.by-group h2') && document.querySelector('.by-group h2').textContent === 'By key'",
        "by key");
    assertThat(page.text(".by-group")).contains(scope.substring(4));

    page.viewport(390, 844, true);
    page.navigate(server.url + "/console/#/costs");
    page.waitForSelector(".spend-chart svg rect.bar");
    assertThat(page.fitsWidth()).as("no horizontal scrolling at a phone's width").isTrue();
    page.screenshot(SHOTS.resolve("14-costs-phone.png"), false);
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(5)
  void anotherTenantSeesNoneOfTheReportsOrCosts() throws Exception {
    Page page = signedIn(globex);
    page.navigate(server.url + "/console/#/eval");
    page.waitForSelector(".view-eval .reports .empty");
    for (String id : reports) assertThat(page.text("main")).doesNotContain(id);
    page.navigate(server.url + "/console/#/eval/" + reports.get(0));
    page.waitForSelector(".view-eval .error");
    assertThat(page.text("main")).contains("no job").doesNotContain("Refunds");
    page.navigate(server.url + "/console/#/eval/gate/" + reports.get(0) + "/" + reports.get(1));
    page.waitForSelector(".view-eval h1");
    page.waitForSelector(".gate-result .error");
    assertThat(page.text(".gate-result")).contains("no job");
    assertThat(page.text("main")).doesNotContain("gate passed").doesNotContain("gate failed");

    page.navigate(server.url + "/console/#/costs");
    page.waitForSelector(".by-group table");
    JsonNode mine = server.get("/api/costs?by=model", globex);
    assertThat(mine.at("/total/calls").asInt()).isEqualTo(1);
    assertThat(page.text(".by-group")).contains("m-small").doesNotContain("m-big");
    assertThat(page.text(".budgets")).contains("No limits are set");
    String acmeKey = server.get("/api/budgets", acme).at("/data/0/id").asText();
    assertThat(page.text("main")).doesNotContain(acmeKey);
    shot(page, "15-tenant-b-costs.png");
    assertThat(page.errors).isEmpty();
  }

  @Test
  @Order(6)
  void aRunningEvaluationIsCancelledFromThePage() throws Exception {
    // 10,000 questions (the most a job takes): far more than run before the click
    StringBuilder big = new StringBuilder();
    List<String> lines = QA.lines().toList();
    for (int i = 0; i < 10_000; i++)
      big.append(lines.get(i % lines.size()).replaceFirst("\"id\": \"", "\"id\": \"" + i + "-"))
          .append('\n');
    Path qa = tmp.resolve("big.jsonl");
    Files.writeString(qa, big, StandardCharsets.UTF_8);
    Page page = signedIn(acme);
    page.navigate(server.url + "/console/#/eval");
    page.waitForSelector(".reports table");
    page.setFiles("input[name=qa-file]", List.of(qa));
    page.waitFor(
        "document.querySelector('textarea[name=qa]').value.includes('9999-')", "the big QA set");
    page.click("form.start-eval button[type=submit]");
    page.waitForSelector(".eval-status .watch button.cancel:not([hidden])");
    String id = page.eval("document.querySelector('.eval-status .watch').dataset.job").asText();
    // the list above lists the new job first (its refresh moves the page until then)
    page.waitFor(
        "document.querySelector('.reports').textContent.includes(" + Page.quote(id) + ")",
        "the job listed");
    page.click(".eval-status .watch button.cancel");
    page.waitFor(
        "document.querySelector('.eval-status .watch .status').textContent === 'cancelled'",
        "the evaluation cancelled");
    JsonNode job = server.get("/api/jobs/" + id, acme);
    assertThat(job.get("status").asText()).isEqualTo("cancelled");
    System.out.printf(
        "evaluation cancelled from the page after %d of 10000 questions%n",
        job.at("/progress/done").asInt());
    assertThat(job.at("/progress/done").asInt()).isLessThan(10_000);
    assertThat(job.has("report")).isFalse();
    assertThat(page.text(".eval-status")).contains("Evaluation cancelled");
    page.waitFor(
        "[...document.querySelectorAll('.reports tbody tr')].some(tr =>"
            + " tr.textContent.includes("
            + Page.quote(id)
            + ") && tr.textContent.includes('cancelled'))",
        "the list shows it cancelled");
    assertThat(
            page.eval("document.querySelector(\".reports input[data-job='" + id + "']\").disabled")
                .asBoolean())
        .as("a cancelled job has no report to compare")
        .isTrue();
    shot(page, "17-eval-cancelled.png");
    assertThat(page.errors).isEmpty();
  }
}
