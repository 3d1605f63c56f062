package dev.grounded.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import org.junit.jupiter.api.Test;

class CollectionIdTest {
  @Test
  void theDefaultTenantsKeyIsTheBareNameSoOldDataDirectoriesKeepWorking() {
    assertThat(CollectionId.of("docs").key()).isEqualTo("docs");
    assertThat(CollectionId.parse("docs")).isEqualTo(new CollectionId("default", "docs"));
  }

  @Test
  void otherTenantsKeysAreQualifiedAndParseBack() {
    CollectionId id = new CollectionId("acme", "docs.v2");
    assertThat(id.key()).isEqualTo("acme~docs.v2");
    assertThat(CollectionId.parse(id.key())).isEqualTo(id);
  }

  @Test
  void aQualifiedKeyOfTheDefaultTenantCanonicalizesToTheBareName() {
    assertThat(KnowledgeBase.checkCollection("default~docs")).isEqualTo("docs");
    assertThat(KnowledgeBase.checkCollection("acme~docs")).isEqualTo("acme~docs");
  }

  @Test
  void invalidTenantsAndNamesAreRejectedOnTheirParameter() {
    assertThatThrownBy(() -> new CollectionId("acme corp", "docs"))
        .isInstanceOfSatisfying(
            GroundedException.class, e -> assertThat(e.param()).contains("tenant"))
        .hasMessageContaining("invalid tenant 'acme corp'");
    for (String key :
        new String[] {"", "../etc", "a~b~c", "~docs", "acme~", "-x", "x".repeat(65)}) {
      assertThatThrownBy(() -> CollectionId.parse(key))
          .as(key)
          .isInstanceOfSatisfying(GroundedException.class, e -> assertThat(e.param()).isPresent());
    }
    assertThatThrownBy(() -> CollectionId.parse(null)).isInstanceOf(GroundedException.class);
  }
}
