package dev.grounded.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.grounded.answer.Answerability.AnswerType;
import dev.grounded.answer.Answerability.Features;
import dev.grounded.index.TermStatistics;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerabilityTest {
  @Test
  void theQuestionWordGivesTheExpectedAnswerType() {
    assertThat(Answerability.expectedType("How much does a new tractor cost?"))
        .isEqualTo(AnswerType.QUANTITY);
    assertThat(Answerability.expectedType("How many tractors does the cooperative own?"))
        .isEqualTo(AnswerType.QUANTITY);
    assertThat(Answerability.expectedType("What is the price of a licence?"))
        .isEqualTo(AnswerType.QUANTITY);
    assertThat(Answerability.expectedType("When was PEP 572 accepted?")).isEqualTo(AnswerType.DATE);
    assertThat(Answerability.expectedType("In what year did Python first appear?"))
        .isEqualTo(AnswerType.DATE);
    assertThat(Answerability.expectedType("Who wrote the Zen of Python?"))
        .isEqualTo(AnswerType.PERSON);
    assertThat(Answerability.expectedType("Which company makes PyCharm?"))
        .isEqualTo(AnswerType.PERSON);
    assertThat(Answerability.expectedType("Where was the Zen first posted?"))
        .isEqualTo(AnswerType.PLACE);
    assertThat(Answerability.expectedType("What country hosted the 2010 World Cup?"))
        .isEqualTo(AnswerType.PLACE);
    assertThat(Answerability.expectedType("What suffix should exception names have?"))
        .isEqualTo(AnswerType.NONE);
    assertThat(Answerability.expectedType("Is it fine to bind a lambda to a name?"))
        .isEqualTo(AnswerType.NONE);
  }

  @Test
  void aSentenceHoldsAnAnswerOfTheTypeOrNot() {
    assertThat(Answerability.hasType(AnswerType.QUANTITY, "The cooperative owns two tractors."))
        .isTrue();
    assertThat(Answerability.hasType(AnswerType.QUANTITY, "A tractor costs $45,000.")).isTrue();
    assertThat(Answerability.hasType(AnswerType.QUANTITY, "Tractors plough the fields.")).isFalse();
    assertThat(Answerability.hasType(AnswerType.DATE, "It was accepted in July 2018.")).isTrue();
    assertThat(Answerability.hasType(AnswerType.DATE, "It was accepted by the steering council."))
        .isFalse();
    assertThat(Answerability.hasType(AnswerType.PERSON, "The PEP was written by Tim Peters."))
        .isTrue();
    assertThat(Answerability.hasType(AnswerType.PERSON, "The PEP was written long ago.")).isFalse();
    assertThat(Answerability.hasType(AnswerType.PLACE, "It was posted to a list in Amsterdam."))
        .isTrue();
    assertThat(Answerability.hasType(AnswerType.PLACE, "It was posted to a mailing list."))
        .isFalse();
    assertThat(Answerability.hasType(AnswerType.NONE, "anything")).isTrue();
  }

  @Test
  void aCapitalisedFirstWordIsNotAName() {
    assertThat(Answerability.hasName("Tractors plough the fields.")).isFalse();
    assertThat(Answerability.hasName("The fields. Tractors plough them.")).isFalse();
    assertThat(Answerability.hasName("The fields are ploughed by Deere machines.")).isTrue();
    assertThat(Answerability.hasName("It was accepted in July.")).isFalse();
  }

  @Test
  void numbersOfTheQuestionMissingFromTheChunkAreFound() {
    assertThat(Answerability.numbersMissing("What changed in Python 3.8?", "Python 3.8 added it."))
        .isFalse();
    assertThat(Answerability.numbersMissing("What changed in Python 3.8?", "Python 3.9 added it."))
        .isTrue();
    assertThat(Answerability.numbersMissing("What changed in Python 3?", "Python 3.8 added it."))
        .isTrue();
    assertThat(Answerability.numbersMissing("What does PEP 8 say?", "PEP 8 says so.")).isFalse();
    assertThat(Answerability.numbersMissing("What does PEP say?", "Nothing.")).isFalse();
  }

  @Test
  void namesOfTheQuestionMissingFromTheChunkAreCounted() {
    var chunk = Terms.of("PEP 8 is the style guide; pycodestyle checks it.");
    assertThat(Answerability.entitiesMissing("What does Black change in PEP 8?", chunk))
        .isCloseTo(1.0 / 3, within(1e-9)); // Black is missing; PEP and 8 are there
    assertThat(Answerability.entitiesMissing("what does the guide say?", chunk)).isZero();
  }

  @Test
  void negationInOneButNotTheOtherIsAMismatch() {
    assertThat(Answerability.negated("Which names should not be used?")).isTrue();
    assertThat(Answerability.negated("Don’t compare booleans to True.")).isTrue();
    assertThat(Answerability.negated("Compare booleans with is.")).isFalse();
  }

  @Test
  void theTractorQuestionFlagsAMissingQuantityAndItsRarestWord() {
    TermStatistics stats =
        word ->
            switch (word) {
              case "tractor" -> 1.0; // common in this collection
              case "cost" -> 4.0; // rare
              case "new" -> 2.0;
              default -> Double.NaN;
            };
    String chunk = "The cooperative owns two tractors. They plough the north fields in spring.";
    Features f =
        Answerability.of(
            "How much does a new tractor cost?",
            "The cooperative owns two tractors.",
            chunk,
            0.7,
            0.8,
            0.6,
            stats);
    assertThat(f.type()).isEqualTo(AnswerType.QUANTITY);
    // "two" is a quantity: the type is present, but the rarest word ("cost") is not in the chunk
    assertThat(f.get("type_missing_sentence")).isZero();
    assertThat(f.get("rarest_missing")).isEqualTo(1.0);
    assertThat(f.get("idf_chunk")).isCloseTo(1.0 / 7.0, within(1e-9));
    assertThat(f.get("idf_sentence")).isCloseTo(1.0 / 7.0, within(1e-9));
    assertThat(f.get("overlap")).isCloseTo(1.0 / 3.0, within(1e-9));
    assertThat(f.get("margin")).isCloseTo(0.1, within(1e-9));
    assertThat(f.get("score")).isEqualTo(0.7);

    Features answered =
        Answerability.of(
            "How much does a new tractor cost?",
            "A new tractor costs 45,000 euros.",
            "A new tractor costs 45,000 euros.",
            0.7,
            0.8,
            0.6,
            stats);
    assertThat(answered.get("rarest_missing")).isZero();
    assertThat(answered.get("idf_chunk")).isEqualTo(1.0);
  }

  @Test
  void withoutStatisticsEveryWordWeighsTheSame() {
    Features f =
        Answerability.of(
            "When did the cooperative buy tractors?",
            "The cooperative owns two tractors.",
            "The cooperative owns two tractors.",
            0.7,
            0.8,
            0.6,
            TermStatistics.NONE);
    assertThat(f.get("idf_sentence")).isEqualTo(f.get("overlap"));
    assertThat(f.get("type_expected")).isEqualTo(1.0);
    assertThat(f.get("type_missing_sentence")).isEqualTo(1.0);
    assertThat(f.get("type_missing_chunk")).isEqualTo(1.0);
  }

  @Test
  void aModelReadsBackWhatItWrites() throws Exception {
    AnswerabilityModel m = AnswerabilityModel.DEFAULT;
    AnswerabilityModel back =
        AnswerabilityModel.read(new StringReader(m.write(java.util.List.of("x"))));
    assertThat(back).isEqualTo(m);
    Features f =
        Answerability.of(
            "How many spaces per indentation level?",
            "Use 4 spaces per indentation level.",
            "Use 4 spaces per indentation level.",
            0.8,
            0.85,
            0.5,
            TermStatistics.NONE);
    assertThat(m.confidence(f)).isBetween(0.0, 1.0);
    assertThat(f.asMap()).containsKeys("score", "margin").hasSize(Answerability.NAMES.size());
    assertThat(Map.copyOf(f.asMap())).isNotEmpty();
  }
}
