package dev.grounded.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {
  @Test
  void validMetadataIsCopiedSortedByKeyAndUnmodifiable() {
    Map<String, String> in = new HashMap<>(Map.of("team", "red", "a.b-c_1", "x", "Z", ""));
    Map<String, String> out = Metadata.check(in);
    assertThat(out.keySet()).containsExactly("Z", "a.b-c_1", "team");
    in.put("late", "change");
    assertThat(out).doesNotContainKey("late");
    assertThatThrownBy(() -> out.put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aKeyWithCharactersOutsideTheAllowedSetIsRejectedNamingTheKey() {
    for (String bad : new String[] {"", "has space", "slash/", "ü", "k".repeat(65)}) {
      assertThatThrownBy(() -> Metadata.check(Map.of(bad, "v")))
          .isInstanceOfSatisfying(
              GroundedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.param()).contains("metadata");
              })
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(Metadata.check(Map.of("k".repeat(64), "v"))).hasSize(1);
  }

  @Test
  void aValueLongerThanTheLimitIsRejectedNamingItsKey() {
    assertThat(Metadata.check(Map.of("k", "v".repeat(Metadata.MAX_VALUE_CHARS)))).hasSize(1);
    assertThatThrownBy(
            () -> Metadata.check(Map.of("summary", "v".repeat(Metadata.MAX_VALUE_CHARS + 1))))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("'summary'")
        .hasMessageContaining("1025");
  }

  @Test
  void moreThanTheMaximumNumberOfEntriesIsRejected() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < Metadata.MAX_ENTRIES; i++) many.put("k" + i, "v");
    assertThat(Metadata.check(many)).hasSize(Metadata.MAX_ENTRIES);
    many.put("one-more", "v");
    assertThatThrownBy(() -> Metadata.check(many))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("too many metadata entries: 33");
    assertThat(Metadata.copyOf(many)).as("copyOf has no entry limit").hasSize(33);
  }

  @Test
  void theDocumentIdKeyIsReservedForFilters() {
    assertThatThrownBy(() -> Metadata.check(Map.of("document_id", "x")))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void aNullValueIsRejectedNamingItsKey() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("author", null);
    assertThatThrownBy(() -> Metadata.check(withNull))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("'author'");
  }
}
