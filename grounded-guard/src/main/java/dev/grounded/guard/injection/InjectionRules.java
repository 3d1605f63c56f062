package dev.grounded.guard.injection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Precompiled patterns for the injections that need no model: orders to drop earlier instructions,
 * new system prompts and role hijacks, requests to reveal the hidden prompt, forged delimiters and
 * chat-template tokens, in English and German. Each pattern is bounded (no nested unbounded
 * repetition), so a scan is linear in the text. Patterns are written to need the object of the
 * order ("ignore the previous <em>instructions</em>"), not a trigger word alone: "can I ignore this
 * warning?" is not an injection.
 */
public final class InjectionRules {
  /** One rule's match: the rule's name and the span it matched. */
  public record Match(String rule, int start, int end) {}

  /**
   * A rule runs only on texts whose lower-cased form holds one of its triggers, words every match
   * must contain: most texts skip most patterns for the price of a few {@code indexOf}.
   */
  private record Rule(String name, List<String> triggers, Pattern pattern) {
    boolean mayMatch(String lower) {
      for (String t : triggers) if (lower.contains(t)) return true;
      return false;
    }
  }

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE;

  private static final String W = "[\\p{L}\\p{N}'’-]+"; // a word
  private static final String EARLIER =
      "(?:previous|previously\\s+given|prior|preceding|above|earlier|former|foregoing|original"
          + "|initial|old|system|developer|existing|given|your)";
  private static final String ORDERS =
      "(?:instructions?|prompts?|directions?|directives?|rules|guidelines|orders|commands|"
          + "context|messages|tasks|assignments|constraints|restrictions|programming|guidance)";

  private static final List<Rule> RULES =
      List.of(
          rule(
              "ignore_previous",
              List.of(
                  "ignor",
                  "disregard",
                  "forget",
                  "skip",
                  "overlook",
                  "neglect",
                  "override",
                  "bypass",
                  "abandon",
                  "drop",
                  "not"),
              "\\b(?:ignore|disregard|forget|skip|overlook|neglect|override|bypass|abandon|drop"
                  + "|do\\s+not\\s+(?:follow|obey|listen\\s+to))\\s+(?:(?:all|any|every|each|the"
                  + "|your|my|of|these|those|that)\\s+){0,3}(?:"
                  + EARLIER
                  + "\\s+)(?:"
                  + W
                  + "\\s+){0,2}?"
                  + ORDERS
                  + "\\b"),
          rule(
              "ignore_above",
              List.of("ignore", "disregard", "forget"),
              "\\b(?:ignore|disregard|forget)\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|that\\s+)?"
                  + "(?:above|previous|preceding|foregoing|everything\\s+(?:above|before))"
                  + "(?=\\s*(?:[.,:;!]|and\\b|$))"),
          rule(
              "forget_everything",
              List.of("forget", "ignore", "disregard"),
              "\\b(?:forget|ignore|disregard)\\s+(?:about\\s+)?(?:everything|all(?:\\s+that)?)"
                  + "\\s*,?\\s+(?:before|above|previously|so\\s+far|until\\s+now|up\\s+to\\s+now"
                  + "|(?:that\\s+)?(?:i|we|you)(?:\\s+have|'ve)?\\s+(?:told|said|discussed|talked"
                  + "|been\\s+told|written|learned))"),
          rule(
              "new_instructions",
              List.of("instruction", "prompt", "your"),
              "\\b(?:(?:new|updated|revised|real|actual|true)\\s+(?:system\\s+)?(?:instructions"
                  + "|system\\s+prompt|prompt)\\s*:|your\\s+(?:new|real|actual|true)\\s+"
                  + "(?:task|instructions?|role|goal|purpose|objective)\\s+(?:is|are|will\\s+be)"
                  + "\\b)"),
          rule(
              "role_hijack",
              List.of(
                  "you",
                  "anything",
                  "mode",
                  "unrestricted",
                  "unfiltered",
                  "jailbroken",
                  "uncensored",
                  "unethical",
                  "evil"),
              "\\b(?:you\\s+are\\s+(?:now|no\\s+longer)\\s+(?:an?\\s+|the\\s+|in\\s+)?(?:"
                  + W
                  + "\\s+){0,3}?(?:ai|assistant|model|chatbot|bot|dan|mode|jailbroken|unrestricted"
                  + "|unfiltered|uncensored)\\b|(?:act|behave|respond|answer)\\s+as\\s+(?:if\\s+you"
                  + "\\s+(?:are|were)\\s+)?(?:an?\\s+)?(?:unrestricted|unfiltered|jailbroken"
                  + "|uncensored|unethical|evil)\\b|\\bdo\\s+anything\\s+now\\b|(?:developer|god"
                  + "|jailbreak|dan)\\s+mode\\s+(?:is\\s+)?(?:enabled|on|activated)|pretend\\s+"
                  + "(?:that\\s+)?you\\s+(?:have\\s+no|are\\s+not\\s+bound\\s+by|don'?t\\s+have)"
                  + "\\s+(?:"
                  + W
                  + "\\s+){0,2}?(?:rules|restrictions|guidelines|filters|limits"
                  + "|limitations))"),
          rule(
              "reveal_prompt",
              List.of("prompt", "instruction"),
              "\\b(?:(?:reveal|print|show|display|output|repeat|leak|dump|recite|disclose|tell"
                  + "|give|write\\s+out|spell-?\\s*check\\s+and\\s+print)\\s+(?:me\\s+|us\\s+)?"
                  + "(?:all\\s+)?(?:of\\s+)?(?:your|the)\\s+(?:"
                  + W
                  + "\\s+){0,2}?(?:system\\s+"
                  + "prompt|(?:initial|original|hidden|secret|first)\\s+(?:prompt|instructions)"
                  + "|prompt\\s+texts?|instructions\\s+(?:above|so\\s+far)|(?:above|previous"
                  + "|preceding)\\s+(?:prompt|instructions))|what\\s+(?:is|are|were)\\s+your\\s+"
                  + "(?:system\\s+prompt|(?:initial|original|hidden|secret|first)\\s+"
                  + "(?:prompt|instructions)))"),
          rule(
              "forged_delimiter",
              List.of("<", "[", "#", "begin", "end", "=="),
              "</?(?:context|documents?|system|instructions?|user|assistant|untrusted|source"
                  + "|chunk)>|<\\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext"
                  + "|begin_of_text|start_header_id|end_header_id|eot_id)\\|>|\\[/?INST\\]"
                  + "|<</?SYS>>|<(?:start|end)_of_turn>|(?:^|\\s)(?<!#)#{2,}+\\s*+(?:system|instructions?"
                  + "|new\\s+instructions?)\\s*:|\\b(?:BEGIN|END)\\s+(?:OF\\s+)?(?:SYSTEM\\s+PROMPT"
                  + "|(?:NEW\\s+)?INSTRUCTIONS)\\b|(?<!=)={3,}+\\s*+END\\b|<source\\s+id\\s*="),
          rule(
              "ignore_previous_de",
              List.of("ignorier", "vergiss", "vergessen", "missacht", "übergeh"),
              "\\b(?:ignorier(?:e|en\\s+sie)?|vergiss|vergessen\\s+sie|missachte|missachten\\s+sie"
                  + "|übergehe|übergehen\\s+sie)\\s+(?:"
                  + W
                  + "\\s+){0,3}?(?:(?:vorherigen|vorigen"
                  + "|bisherigen|obigen|vorangegangenen|früheren|vorherige|bisherige|obige"
                  + "|ursprünglichen|alle[ns]?)\\s+(?:"
                  + W
                  + "\\s+)?(?:anweisungen|anordnungen"
                  + "|befehle|aufgaben|aufträge|regeln|instruktionen|vorgaben)|alles\\s*,?\\s+"
                  + "(?:was|davor|bisher|zuvor|vorher|obige)|das\\s+obige|die\\s+obigen\\s+angaben)"),
          rule(
              "reveal_prompt_de",
              List.of("prompt", "anweisungen"),
              "\\b(?:zeig(?:e|en\\s+sie)?|gib|geben\\s+sie|nenne|nennen\\s+sie|verrate|verraten"
                  + "\\s+sie|druck(?:e|en\\s+sie)?)\\s+(?:mir\\s+|uns\\s+)?(?:alle\\s+)?(?:deine"
                  + "|ihre|die)\\s+(?:"
                  + W
                  + "\\s+)?(?:prompt-?texte?|system-?prompts?"
                  + "|(?:ursprünglichen|geheimen|versteckten)\\s+anweisungen)"),
          rule(
              "role_hijack_de",
              List.of("bist", "neue"),
              "\\b(?:du\\s+bist\\s+(?:jetzt|nun|ab\\s+sofort)\\s+(?:ein(?:e)?\\s+)?(?:"
                  + W
                  + "\\s+){0,2}?(?:ki|assistent|modell|chatbot|bot|dan|modus)\\b|deine\\s+neue"
                  + "\\s+(?:aufgabe|rolle|anweisung)\\s+(?:ist|lautet))"));

  private InjectionRules() {}

  private static Rule rule(String name, List<String> triggers, String regex) {
    return new Rule(name, triggers, Pattern.compile(regex, FLAGS));
  }

  /** The rules' names, in the order they are tried. */
  public static List<String> names() {
    return RULES.stream().map(Rule::name).toList();
  }

  /** Every rule match in {@code text}, ordered by start (then by rule order). */
  public static List<Match> find(String text) {
    List<Match> found = new ArrayList<>(2);
    String lower = text.toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      if (!r.mayMatch(lower)) continue;
      Matcher m = r.pattern().matcher(text);
      while (m.find()) if (m.end() > m.start()) found.add(new Match(r.name(), m.start(), m.end()));
    }
    if (found.size() > 1) found.sort(Comparator.comparingInt(Match::start));
    return found;
  }
}
