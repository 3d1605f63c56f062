package dev.grounded.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser tab: navigation, script evaluation, real mouse clicks and key input through the Input
 * domain, file inputs, screenshots, and what the page logged (console errors, uncaught exceptions,
 * CSP reports) and fetched (every request's URL and bytes on the wire).
 */
final class Page {
  private final Cdp cdp;
  private final String session;

  /**
   * Script errors, uncaught exceptions, CSP violations and requests to another origin: none may
   * happen.
   */
  final List<String> errors = new CopyOnWriteArrayList<>();

  /** Failed loads as the network log reports them (a 401 of the sign-in probe is expected). */
  final List<String> failedLoads = new CopyOnWriteArrayList<>();

  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicLong transferred = new AtomicLong();

  /** The origin of the last page opened; a request anywhere else is an error. */
  private volatile String origin;

  private final Map<String, String> requestUrls = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.BlockingQueue<Integer> fileChoosers =
      new java.util.concurrent.LinkedBlockingQueue<>();

  Page(Cdp cdp, String session) {
    this.cdp = cdp;
    this.session = session;
    cdp.onEvent(this::event);
    send("Page.enable");
    send("Runtime.enable");
    send("Network.enable");
    send("Log.enable");
    send("DOM.enable");
  }

  private void event(JsonNode e) {
    if (!session.equals(e.path("sessionId").asText())) return;
    JsonNode p = e.path("params");
    switch (e.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        if ("error".equals(p.path("type").asText())) errors.add("console.error: " + p.path("args"));
      }
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        JsonNode entry = p.path("entry");
        if (!"error".equals(entry.path("level").asText())) return;
        if ("network".equals(entry.path("source").asText()))
          failedLoads.add(entry.path("url").asText() + ": " + entry.path("text").asText());
        else
          errors.add("log " + entry.path("source").asText() + ": " + entry.path("text").asText());
      }
      case "Network.requestWillBeSent" -> {
        String url = p.path("request").path("url").asText();
        requests.add(url);
        String from = origin;
        if (from != null
            && !url.startsWith(from + "/")
            && !url.startsWith("data:")
            && !url.startsWith("about:"))
          errors.add("a request to another origin: " + url); // the console fetches nothing else
        requestUrls.put(p.path("requestId").asText(), url);
      }
      case "Network.loadingFinished" -> transferred.addAndGet(p.path("encodedDataLength").asLong());
      case "Page.fileChooserOpened" -> fileChoosers.add(p.path("backendNodeId").asInt());
      default -> {}
    }
  }

  JsonNode send(String method) {
    return cdp.send(session, method, Map.of());
  }

  JsonNode send(String method, Map<String, ?> params) {
    return cdp.send(session, method, params);
  }

  /** Opens the URL and waits until the document is complete. */
  void navigate(String url) {
    navigate(url, url);
  }

  /**
   * Opens the URL and waits until the document at {@code landing} (after redirects) is complete
   * and, on a console page, until the console has rendered the route: a new document once its first
   * view is shown ({@code main[data-rendered]}), a hash change once the view rendered after it
   * ({@code main[data-renders]} counts renders; a hash change re-renders asynchronously).
   */
  void navigate(String url, String landing) {
    java.net.URI u = java.net.URI.create(landing);
    if (u.getScheme() != null && u.getScheme().startsWith("http"))
      origin = u.getScheme() + "://" + u.getRawAuthority();
    String main = "document.getElementById('main')";
    JsonNode before =
        eval(
            "(() => { window.__groundedOld = true; return {href: location.href, renders: "
                + main
                + " ? Number("
                + main
                + ".dataset.renders || 0) : 0}; })()");
    JsonNode r =
        url.equals(before.get("href").asText())
            ? send("Page.reload") // the same address would neither load nor change the hash
            : send("Page.navigate", Map.of("url", url));
    if (r.has("loaderId") || url.equals(before.get("href").asText())) {
      String base = landing.contains("#") ? landing.substring(0, landing.indexOf('#')) : landing;
      waitFor(
          "!window.__groundedOld && document.readyState === 'complete'"
              + " && location.href.split('#')[0] === "
              + quote(base)
              + " && (!"
              + main
              + " || "
              + main
              + ".dataset.rendered !== undefined)",
          "load " + url);
    } else {
      waitFor(
          "!" + main + " || Number(" + main + ".dataset.renders || 0) > " + before.get("renders"),
          "the view of " + url);
    }
  }

  /** Opens the console at {@code serverUrl} and signs in with the key; this page. */
  Page signIn(String serverUrl, String key) {
    navigate(serverUrl + "/console/");
    waitForSelector("input[type=password]");
    type("input[type=password]", key);
    click("form button[type=submit]");
    waitFor("document.querySelector('.tenant')", "signed in");
    return this;
  }

  /** Whether the page fits the viewport's width (nothing scrolls sideways). */
  boolean fitsWidth() {
    return eval("document.documentElement.scrollWidth <= window.innerWidth + 1").asBoolean();
  }

  /** The value of a script (awaited when it is a promise). */
  JsonNode eval(String script) {
    JsonNode r =
        send(
            "Runtime.evaluate",
            Map.of("expression", script, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails"))
      throw new IllegalStateException(
          "script failed: " + script + " -> " + r.get("exceptionDetails"));
    return r.path("result").path("value");
  }

  String text(String css) {
    return eval("(document.querySelector(" + quote(css) + ")||{}).innerText || ''").asText();
  }

  /**
   * Controls a screen reader could not name: buttons, links, fields and selects without text, an
   * {@code aria-label}, a {@code <label>} or a title (each as the start of its HTML).
   */
  List<String> unlabelledControls() {
    JsonNode r =
        eval(
            "[...document.querySelectorAll('button, a[href], input:not([type=hidden]), select,"
                + " textarea')].filter(e => !(e.getAttribute('aria-label') || (e.labels &&"
                + " e.labels.length) || e.textContent.trim() || e.title || e.alt)).map(e =>"
                + " e.outerHTML.slice(0, 100))");
    List<String> out = new ArrayList<>();
    r.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Polls a script until it is truthy (up to 60 s); fails naming what it waited for. */
  void waitFor(String condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (eval("!!(" + condition + ")").asBoolean()) return;
      } catch (IllegalStateException e) {
        // the page is navigating; try again
      }
      sleep(100);
    }
    throw new AssertionError(
        "timed out waiting for " + what + "; page text:\n" + text("body") + "\nerrors: " + errors);
  }

  void waitForSelector(String css) {
    waitFor("document.querySelector(" + quote(css) + ")", css);
  }

  /** A real click: scrolls the element into view and presses the mouse at its centre. */
  void click(String css) {
    JsonNode box = centre(css);
    double x = box.get("x").asDouble(), y = box.get("y").asDouble();
    send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    send(
        "Input.dispatchMouseEvent",
        Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
    send(
        "Input.dispatchMouseEvent",
        Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
  }

  /** Focuses the field, clears it, and types the text as keyboard input. */
  void type(String css, String text) {
    waitForSelector(css);
    eval(
        "(() => { const e = document.querySelector("
            + quote(css)
            + "); e.focus(); e.value = ''; })()");
    send("Input.insertText", Map.of("text", text));
  }

  /** Presses a key (e.g. Enter, Tab) with modifiers (2 = Ctrl). */
  void press(String key, int modifiers) {
    Map<String, Object> down = new HashMap<>();
    down.put("type", "keyDown");
    down.put("key", key);
    down.put("code", key);
    down.put("modifiers", modifiers);
    if (key.equals("Enter")) {
      down.put("windowsVirtualKeyCode", 13);
      down.put("text", "\r");
    } else if (key.equals("Tab")) down.put("windowsVirtualKeyCode", 9);
    else if (key.equals("Escape")) down.put("windowsVirtualKeyCode", 27);
    send("Input.dispatchKeyEvent", down);
    Map<String, Object> up = new HashMap<>(down);
    up.put("type", "keyUp");
    up.remove("text");
    send("Input.dispatchKeyEvent", up);
  }

  /** Sets the files of a file input, as a user's file picker would. */
  void setFiles(String css, List<Path> files) {
    waitForSelector(css);
    int root = send("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
    int node =
        send("DOM.querySelector", Map.of("nodeId", root, "selector", css)).path("nodeId").asInt();
    List<String> paths = new ArrayList<>();
    for (Path f : files) paths.add(f.toAbsolutePath().toString());
    send("DOM.setFileInputFiles", Map.of("nodeId", node, "files", paths));
  }

  /**
   * Drags the files from outside the browser onto the element and drops them, as a user dragging
   * from a file manager (Input.dispatchDragEvent: dragEnter, dragOver, drop).
   */
  void dropFiles(String css, List<Path> files) {
    JsonNode box = centre(css);
    List<String> paths = new ArrayList<>();
    for (Path f : files) paths.add(f.toAbsolutePath().toString());
    Map<String, Object> data = Map.of("items", List.of(), "files", paths, "dragOperationsMask", 1);
    for (String type : List.of("dragEnter", "dragOver", "drop"))
      send(
          "Input.dispatchDragEvent",
          Map.of(
              "type",
              type,
              "x",
              box.get("x").asDouble(),
              "y",
              box.get("y").asDouble(),
              "data",
              data));
  }

  /**
   * The centre of the element, scrolled into view, once the element itself is what a pointer there
   * hits (a page still laying out, e.g. a list above it refreshing, would send the press
   * elsewhere).
   */
  private JsonNode centre(String css) {
    waitForSelector(css);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode at =
          eval(
              "(() => { const e = document.querySelector("
                  + quote(css)
                  + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                  + " const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                  + " const hit = document.elementFromPoint(x, y);"
                  + " return {x, y, hit: !!hit && (e.contains(hit) || hit.contains(e))}; })()");
      if (at.get("hit").asBoolean()) return at;
      if (System.nanoTime() > deadline)
        throw new AssertionError(
            "nothing can be pointed at in " + css + ": another element covers it");
      sleep(50);
    }
  }

  /**
   * Clicks the element, which opens a file chooser (from any file input, attached or not), and
   * answers the chooser with the files, as a user picking them would.
   */
  void chooseFiles(String css, List<Path> files) throws InterruptedException {
    send("Page.setInterceptFileChooserDialog", Map.of("enabled", true));
    try {
      fileChoosers.clear();
      click(css);
      Integer node = fileChoosers.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      if (node == null) throw new AssertionError("no file chooser opened by clicking " + css);
      List<String> paths = new ArrayList<>();
      for (Path f : files) paths.add(f.toAbsolutePath().toString());
      send("DOM.setFileInputFiles", Map.of("backendNodeId", node, "files", paths));
    } finally {
      send("Page.setInterceptFileChooserDialog", Map.of("enabled", false));
    }
  }

  /** A PNG of the viewport (or the full page) written to the file. */
  void screenshot(Path file, boolean fullPage) throws Exception {
    Files.createDirectories(file.getParent());
    JsonNode r =
        send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", fullPage));
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** Emulates a screen of this size (a phone width is about 390 by 844, mobile). */
  void viewport(int width, int height, boolean mobile) {
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  static String quote(String s) {
    try {
      return Cdp.JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
