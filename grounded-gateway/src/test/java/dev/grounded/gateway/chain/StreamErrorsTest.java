package dev.grounded.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import org.junit.jupiter.api.Test;

class StreamErrorsTest {
  @Test
  void aFailedStreamEndsWithAnOpenAiShapedErrorEvent() throws Exception {
    String event =
        StreamErrors.event(new GroundedException(ErrorCode.UPSTREAM_ERROR, "provider x: cut"));
    JsonNode e = new ObjectMapper().readTree(event).path("error");
    assertThat(e.path("message").asText()).isEqualTo("provider x: cut");
    assertThat(e.path("type").asText()).isEqualTo("server_error");
    assertThat(e.path("code").asText()).isEqualTo("upstream_error");
    assertThat(e.has("param")).isTrue();
  }
}
