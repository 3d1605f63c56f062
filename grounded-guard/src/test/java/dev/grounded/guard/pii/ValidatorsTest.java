package dev.grounded.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidatorsTest {
  @Test
  void luhnAcceptsTestCardNumbersAndRejectsOneDigitChanged() {
    assertThat(Validators.luhn("4111111111111111")).isTrue();
    assertThat(Validators.luhn("4111 1111 1111 1111")).isTrue();
    assertThat(Validators.luhn("378282246310005")).isTrue();
    assertThat(Validators.luhn("79927398713")).isTrue();
    assertThat(Validators.luhn("4111111111111121")).isFalse();
    assertThat(Validators.luhn("79927398710")).isFalse();
    assertThat(Validators.luhn("")).isFalse();
  }

  @Test
  void cardIssuersHaveTheirPrefixesAndLengths() {
    assertThat(Validators.cardIssuer("4111111111111111")).isTrue(); // Visa 16
    assertThat(Validators.cardIssuer("4222222222222")).isTrue(); // Visa 13
    assertThat(Validators.cardIssuer("411111111111111")).isFalse(); // Visa 15
    assertThat(Validators.cardIssuer("5555555555554444")).isTrue(); // Mastercard
    assertThat(Validators.cardIssuer("2223003122003222")).isTrue(); // Mastercard 2-series
    assertThat(Validators.cardIssuer("378282246310005")).isTrue(); // Amex
    assertThat(Validators.cardIssuer("37828224631000")).isFalse();
    assertThat(Validators.cardIssuer("6011111111111117")).isTrue(); // Discover
    assertThat(Validators.cardIssuer("3530111333300000")).isTrue(); // JCB
    assertThat(Validators.cardIssuer("6759649826438453")).isTrue(); // Maestro
    assertThat(Validators.cardIssuer("1234567812345670")).isFalse();
    assertThat(Validators.cardIssuer("7234567812345670")).isFalse();
  }

  @Test
  void ibansPassMod97AndTheirCountryLength() {
    assertThat(Validators.iban("GB82WEST12345698765432")).isTrue();
    assertThat(Validators.iban("gb82west12345698765432")).isTrue();
    assertThat(Validators.iban("DE89370400440532013000")).isTrue();
    assertThat(Validators.iban("FR1420041010050500013M02606")).isTrue();
    assertThat(Validators.iban("NO9386011117947")).isTrue();
    assertThat(Validators.iban("GB82WEST12345698765433")).isFalse(); // checksum
    assertThat(Validators.iban("GB82WEST1234569876543")).isFalse(); // length
    assertThat(Validators.iban("XX82WEST12345698765432")).isFalse(); // country
  }

  @Test
  void ssnRulesRejectUnissuedAreasGroupsAndSerials() {
    assertThat(Validators.ssn(123, 45, 6780)).isTrue();
    assertThat(Validators.ssn(853, 37, 1694)).isTrue();
    assertThat(Validators.ssn(0, 45, 6789)).isFalse();
    assertThat(Validators.ssn(666, 45, 6789)).isFalse();
    assertThat(Validators.ssn(900, 45, 6789)).isFalse();
    assertThat(Validators.ssn(123, 0, 6789)).isFalse();
    assertThat(Validators.ssn(123, 45, 0)).isFalse();
    assertThat(Validators.ssn(78, 5, 1120)).isFalse(); // the Woolworth wallet card
  }

  @Test
  void ipv4OctetsAreAtMost255WithoutLeadingZeros() {
    assertThat(Validators.ipv4("192.168.0.1")).isTrue();
    assertThat(Validators.ipv4("255.255.255.255")).isTrue();
    assertThat(Validators.ipv4("0.0.0.0")).isTrue();
    assertThat(Validators.ipv4("256.1.1.1")).isFalse();
    assertThat(Validators.ipv4("1.2.3")).isFalse();
    assertThat(Validators.ipv4("1.2.3.4.5")).isFalse();
    assertThat(Validators.ipv4("01.2.3.4")).isFalse();
    assertThat(Validators.ipv4("1..3.4")).isFalse();
  }

  @Test
  void ipv6TakesFullCompressedAndMappedForms() {
    assertThat(Validators.ipv6("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).isTrue();
    assertThat(Validators.ipv6("2001:db8::8a2e:370:7334")).isTrue();
    assertThat(Validators.ipv6("::1")).isTrue();
    assertThat(Validators.ipv6("fe80::")).isTrue();
    assertThat(Validators.ipv6("::ffff:192.0.2.128")).isTrue();
    assertThat(Validators.ipv6("1:2:3:4:5:6:7")).isFalse();
    assertThat(Validators.ipv6("1::2::3")).isFalse();
    assertThat(Validators.ipv6("12:30:45")).isFalse();
    assertThat(Validators.ipv6("2001:db8::g1")).isFalse();
    assertThat(Validators.ipv6("12345::1")).isFalse();
    assertThat(Validators.ipv6(":1:2:3:4:5:6:7")).isFalse();
  }
}
