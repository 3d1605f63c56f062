package dev.grounded.eval.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grounded.core.GroundedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QaDatasetTest {
  @TempDir Path dir;

  @Test
  void readsSquadJsonWithParagraphIdsAndUnanswerableQuestions() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("mini.json"),
            """
            {"version":"v2.0","data":[{"title":"Super_Bowl_50","paragraphs":[
              {"context":"Super Bowl 50 was won by the Denver Broncos.","qas":[
                {"id":"a","question":"Who won Super Bowl 50?","is_impossible":false,
                 "answers":[{"text":"Denver Broncos","answer_start":29},{"text":"Denver Broncos","answer_start":29},{"text":"the Denver Broncos","answer_start":25}]},
                {"id":"b","question":"Who lost Super Bowl 51?","is_impossible":true,"answers":[],
                 "plausible_answers":[{"text":"Denver Broncos","answer_start":29}]}]}]}]}
            """);
    QaDataset d = QaDataset.read(f);
    assertThat(d.name()).isEqualTo("mini");
    assertThat(d.contexts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("Super_Bowl_50#0");
              assertThat(c.title()).isEqualTo("Super Bowl 50");
            });
    assertThat(d.items()).hasSize(2);
    assertThat(d.items().get(0).answers()).containsExactly("Denver Broncos", "the Denver Broncos");
    assertThat(d.items().get(0).contextIds()).containsExactly("Super_Bowl_50#0");
    assertThat(d.items().get(1).answerable()).isFalse();
    assertThat(d.items().get(1).answers()).isEmpty();
    assertThat(d.limit(1).items()).hasSize(1);
    assertThat(d.version()).startsWith("sha256:").hasSize(19);
    assertThat(d.limit(1).version()).isEqualTo(d.version() + ":first-1");
    assertThat(QaDataset.read(f).version()).as("same content, same version").isEqualTo(d.version());
    Files.writeString(f, Files.readString(f).replace("Who won", "Who really won"));
    assertThat(QaDataset.read(f).version()).as("changed content").isNotEqualTo(d.version());
    assertThat(d.limit(1).contexts()).hasSize(1);
  }

  @Test
  void readsJsonlWithInlineContextsAndDefaultAnswerability() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("qa.jsonl"),
            """
            {"id":"1","question":"What do owls eat?","answers":["mice"],"context":"Owls hunt at night and eat mice.","context_id":"owls"}

            {"id":"2","question":"What do owls drink?","answers":[],"context_ids":["owls"]}
            {"id":"3","question":"Where is honey from?","answers":"nectar","answerable":true}
            """);
    QaDataset d = QaDataset.read(f);
    assertThat(d.contexts()).extracting(c -> c.id()).containsExactly("owls");
    assertThat(d.items()).extracting(QaItem::answerable).containsExactly(true, false, true);
    assertThat(d.items().get(0).contextIds()).containsExactly("owls");
    assertThat(d.items().get(2).answers()).containsExactly("nectar");
  }

  @Test
  void malformedLinesAreErrorsWithTheirLineNumbers() throws Exception {
    for (var bad :
        List.of(
            List.of(
                "{\"id\":\"1\",\"question\":\"q\",\"answers\":[\"a\"]}\n{oops",
                "qa.jsonl:2",
                "not valid JSON"),
            List.of("{\"question\":\"q\"}", "qa.jsonl:1", "\"id\""),
            List.of(
                "{\"id\":\"1\",\"question\":\"q\",\"answerable\":true}",
                "qa.jsonl:1",
                "needs \"answers\""),
            List.of(
                "{\"id\":\"1\",\"question\":\"q\"}\n{\"id\":\"1\",\"question\":\"r\"}",
                "qa.jsonl:2",
                "duplicate id"))) {
      Path f = Files.writeString(dir.resolve("qa.jsonl"), bad.get(0));
      assertThatThrownBy(() -> QaDataset.read(f))
          .as(bad.get(0))
          .isInstanceOf(GroundedException.class)
          .hasMessageContaining(bad.get(1))
          .hasMessageContaining(bad.get(2));
    }
    assertThatThrownBy(() -> QaDataset.read(dir.resolve("absent.jsonl")))
        .isInstanceOf(GroundedException.class)
        .hasMessageContaining("no such file");
  }
}
