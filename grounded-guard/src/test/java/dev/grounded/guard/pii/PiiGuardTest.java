package dev.grounded.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grounded.guard.Finding;
import dev.grounded.guard.Guard;
import dev.grounded.guard.GuardContract;
import dev.grounded.guard.Severity;
import dev.grounded.guard.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiGuardTest extends GuardContract {
  static final PiiGuard GUARD = new PiiGuard();

  @Override
  protected Guard guard() {
    return GUARD;
  }

  @Override
  protected List<Example> flagged() {
    return List.of(
        new Example("mail me at jane.doe+work@example.co.uk please", "pii.email"),
        new Example("call me on +44 20 7946 0958 tomorrow", "pii.phone"),
        new Example("Phone: (555) 123-4567", "pii.phone"),
        new Example("tel. 06 12 34 56 78", "pii.phone"),
        new Example("my card is 4111 1111 1111 1111, exp 12/29", "pii.card"),
        new Example("amex 3782-822463-10005", "pii.card"),
        new Example("IBAN DE89 3704 0044 0532 0130 00 for the refund", "pii.iban"),
        new Example("pay to GB82WEST12345698765432", "pii.iban"),
        new Example("blocked from 203.0.113.42 again", "pii.ip"),
        new Example("the host 2001:db8::8a2e:370:7334 is down", "pii.ip"),
        new Example("My SSN is 123-45-6780", "pii.ssn"),
        new Example("aws_access_key_id=AKIAIOSFODNN7EXAMPLE", "secret.aws_key"),
        new Example("token ghp_" + "a".repeat(18) + "B1".repeat(9), "secret.github_token"),
        new Example(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----",
            "secret.private_key"),
        new Example("password=Tr0ub4dor&3", "secret.password"),
        new Example("client_secret: 8f3kQ9zL2mX7pW4tR6yB1nV5", "secret.high_entropy"),
        new Example("use kX9vQ2mZ7rT4wB8nL3pY6sD1 to log in", "secret.high_entropy"),
        new Example("Hello, my name is Margaret Hughes.", "pii.person"),
        new Example("Please ask Mrs. Okafor about it", "pii.person"),
        new Example("Ship it to 1600 Pennsylvania Avenue NW, Washington", "pii.address"));
  }

  @Override
  protected List<String> clean() {
    return List.of(
        "How do I reset the index after upgrading to version 2.14.3?",
        "The meeting moved from 2024-03-15 to 15/04/2024 at 10:30.",
        "Revenue grew 12.5% to 1,234,567 euros in 2023.",
        "Fixed in commit 3f5e2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f, see the changelog.",
        "request id 550e8400-e29b-41d4-a716-446655440000 took 250 ms",
        "What does the retriever return for a question with no answer?",
        "The token is valid for 3600 seconds.",
        "std::vector<int> and a::b are C++ names, 12:30:45 is a time.",
        "Order 4111-1111 shipped; see section 3.2.1 of the guide.",
        "The host key fingerprint is SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8 here.",
        "Call getUserByIdAsync from UserRepositoryImpl in the service layer.",
        "The odds ratio was 3.2 (95% CI, 1.45-12.07) during 1998-2004, see pages 10231-10239.",
        "as reported before 4 5 6 7 8 and confirmed by enzyme EC 3.1.27.5 assays",
        "the TP53/MDM2-dependent pathway in cells called macrophages",
        "Settlers in North Carolina bought land near Fort George Henry.");
  }

  @Test
  void cardsIbansSsnsAndSecretsAreHighSeverityContactDataMedium() {
    List<Finding> f =
        GUARD.scan("card 4111111111111111 or jane@example.org, ip 10.1.2.3", Source.INPUT);
    assertThat(f).extracting(Finding::type).containsExactly("pii.card", "pii.email", "pii.ip");
    assertThat(f)
        .extracting(Finding::severity)
        .containsExactly(Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM);
  }

  @Test
  void aLuhnInvalidNumberIsNotACardAndABadChecksumIsNotAnIban() {
    assertThat(GUARD.scan("card 4111 1111 1111 1112", Source.INPUT))
        .noneMatch(f -> f.isA("pii.card"));
    assertThat(GUARD.scan("IBAN GB82WEST12345698765433", Source.INPUT))
        .noneMatch(f -> f.isA("pii.iban"));
  }

  @Test
  void anIbanWrittenWithSpacesSpansAllItsGroupsAndNotTheNextWord() {
    String text = "IBAN DE89 3704 0044 0532 0130 00 and more";
    List<Finding> f = GUARD.scan(text, Source.INPUT);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).span(text)).isEqualTo("DE89 3704 0044 0532 0130 00");
  }

  @Test
  void aBareNineDigitNumberIsAnSsnOnlyWithAContextWord() {
    assertThat(GUARD.scan("ref 123456780", Source.INPUT)).noneMatch(f -> f.isA("pii.ssn"));
    assertThat(GUARD.scan("SSN: 123456780", Source.INPUT)).anyMatch(f -> f.isA("pii.ssn"));
  }

  @Test
  void anAwsSecretIsFoundNearItsKeyIdButAGitShaIsNot() {
    String text =
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
            + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\ncommit 3f5e2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f";
    assertThat(GUARD.scan(text, Source.INPUT))
        .extracting(Finding::type)
        .containsExactly("secret.aws_key", "secret.aws_secret");
  }

  @Test
  void thePersonSpanLeavesTheHonorificOut() {
    String text = "Please ask Mrs. Okafor about it";
    Finding f = GUARD.scan(text, Source.INPUT).get(0);
    assertThat(f.span(text)).isEqualTo("Okafor");
  }

  @Test
  void overlappingCandidatesKeepTheStrongestOnly() {
    String text = "+44 20 7946 0958 and 4111 1111 1111 1111";
    assertThat(GUARD.scan(text, Source.INPUT))
        .extracting(Finding::type)
        .containsExactly("pii.phone", "pii.card");
  }

  @Test
  void withoutHeuristicsNamesAndAddressesAreNotReported() {
    PiiGuard strict = new PiiGuard(PiiGuard.DEFAULT_MIN_SCORE, false);
    assertThat(strict.scan("my name is Margaret Hughes, 12 Baker Street", Source.INPUT)).isEmpty();
  }

  @Test
  void aLongHostileTextScansInBoundedTime() {
    String text =
        "1 ".repeat(20_000)
            + "a@".repeat(20_000)
            + "-----BEGIN PRIVATE KEY-----"
            + "A".repeat(30_000);
    List<Finding> f = GUARD.scan(text, Source.DOCUMENT);
    assertThat(f).anyMatch(x -> x.isA("secret.private_key"));
  }
}
