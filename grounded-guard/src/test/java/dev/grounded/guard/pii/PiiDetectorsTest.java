package dev.grounded.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Source;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One layout per line: what each detector must find (type and span) and must leave alone. */
class PiiDetectorsTest {
  static final PiiGuard GUARD = new PiiGuard();

  static List<Finding> scan(String text) {
    return GUARD.scan(text, Source.INPUT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Call me at +1 (415) 555-0132 tonight|pii.phone|+1 (415) 555-0132",
        "Phone: 415.555.0132 x204|pii.phone|415.555.0132 x204",
        "mobile 06 12 34 56 78|pii.phone|06 12 34 56 78",
        "reach me on 0049 30 1234567|pii.phone|0049 30 1234567",
        "tel. 020 7946 0958|pii.phone|020 7946 0958",
        "write to ann.lee@mail.example.com.|pii.email|ann.lee@mail.example.com",
        "card: 5555-5555-5555-4444|pii.card|5555-5555-5555-4444",
        "visa 4012888888881881 expired|pii.card|4012888888881881",
        "FR14 2004 1010 0505 0001 3M02 606 is mine|pii.iban|FR14 2004 1010 0505 0001 3M02 606",
        "from ::ffff:192.0.2.128 and fe80::1ff:fe23:4567:890a%eth0|pii.ip|::ffff:192.0.2.128",
        "social security number 078051121|pii.ssn|078051121",
        "key AKIAZ3MSJV4WWN3DSMRT in the log|secret.aws_key|AKIAZ3MSJV4WWN3DSMRT",
        "ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx-AA|secret.anthropic_key|sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx-AA",
        "slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx ok|secret.slack_token|xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "stripe rk_live_4eC39HqLyjWDarjtT1zdp7dc please|secret.stripe_key|rk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "maps AIzaSyA-1234567890abcdefghijklmnopqrstu here|secret.google_api_key|AIzaSyA-1234567890abcdefghijklmnopqrstu",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|secret.jwt|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "DB_PASSWORD: s3cret!Pass|secret.password|s3cret!Pass",
        "I live at 221B Baker Street, London|pii.address|221B Baker Street, London",
        "Dear Ms. Walsh, thank you|pii.person|Walsh",
      })
  void findsTheValueWithItsSpan(String text, String type, String span) {
    List<Finding> found = scan(text);
    assertThat(found)
        .as(text + " -> " + found)
        .anyMatch(f -> f.type().equals(type) && f.span(text).equals(span));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "released 2023-11-05 at 14:30:00, version 10.2.3.4 of the tool",
        "the price went from 1 250 000 to 1 300 000 euros",
        "ISBN 978-3-16-148410-0 and DOI 10.1000/182",
        "pages 1021-1029 of volume 12",
        "a UUID 123e4567-e89b-12d3-a456-426614174000 and commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "api_key=<your key here> and password: ******** in the sample config",
        "12:45:10 is a time and 255.255.255.0 is a netmask written as a mask",
        "card 4111 1111 1111 1112 fails Luhn; IBAN GB00WEST12345698765432 fails mod 97",
        "SSN 000-12-3456 and 666-12-3456 and 900-12-3456 are never issued",
      })
  void leavesLookAlikesAlone(String text) {
    List<Finding> found = scan(text);
    assertThat(found)
        .as(text)
        .noneMatch(
            f ->
                f.isA("pii.phone")
                    || f.isA("pii.card")
                    || f.isA("pii.iban")
                    || f.isA("pii.ssn")
                    || f.isA("secret"));
  }
}
