package dev.grounded.guard.json;

import static dev.grounded.guard.json.Fix.CODE_FENCE;
import static dev.grounded.guard.json.Fix.COMMENT;
import static dev.grounded.guard.json.Fix.CONTROL_CHARACTER;
import static dev.grounded.guard.json.Fix.INVALID_ESCAPE;
import static dev.grounded.guard.json.Fix.JS_LITERAL;
import static dev.grounded.guard.json.Fix.MISSING_COMMA;
import static dev.grounded.guard.json.Fix.NUMBER_FORMAT;
import static dev.grounded.guard.json.Fix.PYTHON_LITERAL;
import static dev.grounded.guard.json.Fix.SINGLE_QUOTES;
import static dev.grounded.guard.json.Fix.SMART_QUOTES;
import static dev.grounded.guard.json.Fix.SURROUNDING_TEXT;
import static dev.grounded.guard.json.Fix.TRAILING_COMMA;
import static dev.grounded.guard.json.Fix.TRUNCATED;
import static dev.grounded.guard.json.Fix.UNESCAPED_QUOTE;
import static dev.grounded.guard.json.Fix.UNQUOTED_KEY;
import static dev.grounded.guard.json.Fix.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRepairTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> defects() {
    return Stream.of(
        // code fences, with and without a language, with prose around them, unclosed
        a("```json\n{\"a\": 1}\n```", "{\"a\":1}", CODE_FENCE),
        a("```\n[1, 2]\n```", "[1,2]", CODE_FENCE),
        a(
            "Here you go:\n```json\n{\"a\": 1}\n```\nAnything else?",
            "{\"a\":1}",
            CODE_FENCE,
            SURROUNDING_TEXT),
        a("```json\n{\"a\": [1, 2", "{\"a\":[1,2]}", CODE_FENCE, TRUNCATED),
        a(
            "```json\n{\"code\": \"```py\\nprint(1)\\n```\", \"n\": 1}\n```",
            "{\"code\":\"```py\\nprint(1)\\n```\",\"n\":1}",
            CODE_FENCE),
        // prose around the value
        a("Sure! Here is the JSON: {\"a\": 1}", "{\"a\":1}", SURROUNDING_TEXT),
        a("{\"a\": 1}\nI hope this helps.", "{\"a\":1}", SURROUNDING_TEXT),
        a(
            "The [1] best answer: {\"name\": \"x\", \"n\": [1, 2, 3]} (see [2])",
            "{\"name\":\"x\",\"n\":[1,2,3]}",
            SURROUNDING_TEXT),
        a("Result: [{\"a\": 1}, {\"a\": 2}].", "[{\"a\":1},{\"a\":2}]", SURROUNDING_TEXT),
        // commas
        a("{\"a\": 1,}", "{\"a\":1}", TRAILING_COMMA),
        a("[1, 2, 3, ]", "[1,2,3]", TRAILING_COMMA),
        a("{\"a\": [1,,2],}", "{\"a\":[1,2]}", TRAILING_COMMA),
        a("{\"a\": 1 \"b\": 2}", "{\"a\":1,\"b\":2}", MISSING_COMMA),
        a("[1 2]", "[1,2]", MISSING_COMMA),
        // quotes
        a("{'a': 'b'}", "{\"a\":\"b\"}", SINGLE_QUOTES),
        a("{'a': 'say \"hi\"'}", "{\"a\":\"say \\\"hi\\\"\"}", SINGLE_QUOTES),
        a("{'a': 'it\\'s'}", "{\"a\":\"it's\"}", SINGLE_QUOTES),
        a("{'a': 'it's fine'}", "{\"a\":\"it's fine\"}", SINGLE_QUOTES),
        a("{“a”: “b ‘c’”}", "{\"a\":\"b ‘c’\"}", SMART_QUOTES),
        a("{‘a’: ‘it’s’}", "{\"a\":\"it’s\"}", SMART_QUOTES),
        a(
            "{\"a\": \"he said \"no\" twice\"}",
            "{\"a\":\"he said \\\"no\\\" twice\"}",
            UNESCAPED_QUOTE),
        // keys
        a(
            "{a: 1, b_2: {c$: 2}, my-key: 3}",
            "{\"a\":1,\"b_2\":{\"c$\":2},\"my-key\":3}",
            UNQUOTED_KEY),
        // literals
        a(
            "{\"a\": True, \"b\": False, \"c\": None}",
            "{\"a\":true,\"b\":false,\"c\":null}",
            PYTHON_LITERAL),
        a("[undefined, NaN, Infinity, -Infinity]", "[null,null,null,null]", JS_LITERAL),
        // numbers
        a("[+1, .5, 1., 007, -0.5e+3]", "[1,0.5,1,7,-0.5e+3]", NUMBER_FORMAT),
        // comments
        a(
            "{\n  // the name\n  \"a\": 1, /* count */ \"b\": 2 # py\n}",
            "{\"a\":1,\"b\":2}",
            COMMENT),
        a("{\"a\": 1} // done", "{\"a\":1}", COMMENT),
        // control characters and escapes
        a(
            "{\"a\": \"line one\nline\ttwo\"}",
            "{\"a\":\"line one\\nline\\ttwo\"}",
            CONTROL_CHARACTER),
        a("{\"a\": \"C:\\dir\"}", "{\"a\":\"C:\\\\dir\"}", INVALID_ESCAPE),
        a("\u00a0{\"a\":\u00a01}", "{\"a\":1}", WHITESPACE),
        // truncation
        a("{\"a\": [1, 2, {\"b\": \"unfinished", "{\"a\":[1,2,{\"b\":\"unfinished\"}]}", TRUNCATED),
        a("{\"a\": 1, \"b\": ", "{\"a\":1}", TRUNCATED),
        a("{\"a\": 1, \"b", "{\"a\":1}", TRUNCATED),
        a("{\"a\": 1, \"b\": tr", "{\"a\":1,\"b\":true}", TRUNCATED),
        a("{\"a\": 1.", "{\"a\":1}", TRUNCATED),
        a("[1, 2,", "[1,2]", TRUNCATED, TRAILING_COMMA),
        a("{\"a\": \"x\\u00", "{\"a\":\"x\"}", TRUNCATED),
        // several at once
        a(
            "```json\n{name: 'Ada', tags: ['x', 'y',], born: 1815, alive: False,}\n```",
            "{\"name\":\"Ada\",\"tags\":[\"x\",\"y\"],\"born\":1815,\"alive\":false}",
            CODE_FENCE,
            UNQUOTED_KEY,
            SINGLE_QUOTES,
            TRAILING_COMMA,
            PYTHON_LITERAL));
  }

  private static Arguments a(String in, String out, Fix... fixes) {
    return Arguments.of(in, out, Set.of(fixes));
  }

  @ParameterizedTest
  @MethodSource("defects")
  void eachDefectIsMendedAndNamed(String in, String expected, Set<Fix> fixes) throws Exception {
    JsonRepair.Repaired r = JsonRepair.repair(in).orElseThrow(() -> new AssertionError(in));
    assertThat(JSON.readTree(r.json())).isEqualTo(JSON.readTree(expected));
    assertThat(r.fixes()).isEqualTo(fixes);
    assertThat(r.changed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1}",
        "  [1, 2.50, -3e10, \"x\\ny\", true, null, {}]\n",
        "\"just a string with ```fences``` and 'quotes' and // slashes\"",
        "42",
        "{\"s\": \"“smart” and ‘single’, it's\", \"t\": \"a,} ]\"}",
        "{\n  \"nested\": {\"deep\": [[[]]]},\n  \"u\": \"\\u00e9\\ud83d\\ude00\"\n}"
      })
  void validJsonIsReturnedUnchanged(String valid) {
    JsonRepair.Repaired r = JsonRepair.repair(valid).orElseThrow();
    assertThat(r.json()).isSameAs(valid);
    assertThat(r.fixes()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "I cannot help with that.",
        "The answer is [garbage {not json",
        "{\"a\" 1}",
        "{\"a\": , \"b\": 1}",
        "{=}",
        "-"
      })
  void textWithNoReadableValueIsRefused(String garbage) {
    assertThat(JsonRepair.repair(garbage)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {4 * LenientParser.MAX_DEPTH, 100_000})
  void deepNestingIsRefusedWithoutOverflowingTheStack(int depth) {
    assertThat(JsonRepair.repair("[".repeat(depth) + "1,")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": [1, 2", "[{\"b\": {\"c\": \"x\"}"})
  void aCutTailIsClosed(String cut) {
    JsonNode v = JsonRepair.repair(cut).orElseThrow().value();
    assertThat(v.isContainerNode()).isTrue();
  }
}
