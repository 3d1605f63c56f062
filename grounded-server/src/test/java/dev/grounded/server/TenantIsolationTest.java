package dev.grounded.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two tenants on one server: neither can see, search, ask, change or delete the other's data. */
class TenantIsolationTest {
  static TestServer server;
  static String alice;
  static String bob;
  static String aliceJob;
  static String aliceDoc = "handbook.txt";

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(TestServer.temp("grounded-tenants"));
    alice = server.keys.create("alice", "alice's key").secret();
    bob = server.keys.create("bob", "bob's key").secret();
    server.post("/api/collections", alice, "{\"name\":\"private\"}");
    TestServer.Reply up =
        server.upload(
            "private",
            alice,
            aliceDoc,
            "The vault code is kept in the blue binder. Only Alice may open it."
                .getBytes(StandardCharsets.UTF_8));
    assertThat(up.status()).isEqualTo(202);
    aliceJob = up.json().get("id").asText();
    for (int i = 0; i < 200; i++) {
      String status = server.get("/api/jobs/" + aliceJob, alice).json().get("status").asText();
      if (status.equals("succeeded")) break;
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theOwnerSeesItsCollectionDocumentJobAndModel() {
    assertThat(server.get("/api/collections/private", alice).status()).isEqualTo(200);
    assertThat(server.get("/api/collections/private/documents/" + aliceDoc, alice).status())
        .isEqualTo(200);
    assertThat(server.get("/api/jobs/" + aliceJob, alice).json().get("status").asText())
        .isEqualTo("succeeded");
    assertThat(server.get("/v1/models", alice).body()).contains("rag:private");
    TestServer.Reply ask =
        server.post(
            "/api/collections/private/ask",
            alice,
            "{\"question\":\"Where is the vault code kept?\"}");
    assertThat(ask.json().get("answer").asText()).contains("blue binder");
  }

  @Test
  void anotherTenantGets404OnEveryEndpointNever403() {
    String c = "/api/collections/private";
    assertNotFound(server.get(c, bob));
    assertNotFound(server.delete(c, bob));
    assertNotFound(server.get(c + "/documents", bob));
    assertNotFound(server.get(c + "/documents/" + aliceDoc, bob));
    assertNotFound(server.delete(c + "/documents/" + aliceDoc, bob));
    assertNotFound(server.post(c + "/search", bob, "{\"query\":\"vault\"}"));
    assertNotFound(server.post(c + "/ask", bob, "{\"question\":\"Where is the vault code?\"}"));
    assertNotFound(
        server.post(
            "/api/eval/answers",
            bob,
            "{\"collection\":\"private\",\"items\":[{\"id\":\"1\",\"question\":\"Where is the vault code?\"}]}"));
    assertNotFound(
        server.upload("private", bob, "x.txt", "overwrite".getBytes(StandardCharsets.UTF_8)));
    assertNotFound(server.get("/api/jobs/" + aliceJob, bob));
    assertNotFound(server.get("/v1/models/rag:private", bob));
    assertNotFound(
        server.post(
            "/v1/chat/completions",
            bob,
            "{\"model\":\"rag:private\",\"messages\":[{\"role\":\"user\",\"content\":\"vault?\"}]}"));
    assertThat(server.get("/v1/models", bob).body()).doesNotContain("rag:private");
    assertThat(server.get("/api/collections", bob).body()).doesNotContain("private");
    assertThat(server.get("/api/jobs", bob).body()).doesNotContain(aliceJob);
    // and Alice's data is untouched by Bob's attempts
    assertThat(server.get(c + "/documents/" + aliceDoc, alice).status()).isEqualTo(200);
    assertThat(server.get(c, alice).json().get("documents").asInt()).isEqualTo(1);
  }

  @Test
  void tenantsMayUseTheSameCollectionNameWithoutSharingIt() {
    assertThat(server.post("/api/collections", bob, "{\"name\":\"private\"}").status())
        .isEqualTo(201);
    assertThat(server.get("/api/collections/private", bob).json().get("documents").asInt())
        .isZero();
    TestServer.Reply search =
        server.post(
            "/api/collections/private/search", bob, "{\"query\":\"vault code blue binder\"}");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().get("data")).isEmpty();
    assertThat(server.delete("/api/collections/private", bob).status()).isEqualTo(200);
    assertThat(server.get("/api/collections/private", alice).status()).isEqualTo(200);
  }

  @Test
  void requestsWithoutAValidKeyAre401OnceKeysExist() {
    TestServer.Reply none = server.get("/api/collections", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.error().get("type").asText()).isEqualTo("authentication_error");
    assertThat(server.get("/v1/models", "gr-aaaaaaaaaaaa-bogus").status()).isEqualTo(401);
    assertThat(server.get("/healthz", null).status()).isEqualTo(200);
    assertThat(server.get("/version", null).status()).isEqualTo(200);
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    var carol = server.keys.create("carol", "");
    assertThat(server.get("/v1/models", carol.secret()).status()).isEqualTo(200);
    assertThat(server.keys.revoke(carol.key().id())).isTrue();
    assertThat(server.get("/v1/models", carol.secret()).status()).isEqualTo(401);
  }

  private static void assertNotFound(TestServer.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(404);
    assertThat(r.error().get("code").asText()).isIn("not_found", "model_not_found");
  }
}
