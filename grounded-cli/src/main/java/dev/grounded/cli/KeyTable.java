package dev.grounded.cli;

import dev.grounded.gateway.auth.ApiKey;
import dev.grounded.gateway.budget.Limits;
import java.util.List;

/** The text table of {@code grounded keys list}: columns as wide as their widest cell. */
final class KeyTable {
  private KeyTable() {}

  static void print(List<ApiKey> keys, java.util.Map<String, Limits> limits) {
    int tenant = "TENANT".length();
    int name = "NAME".length();
    for (ApiKey k : keys) {
      tenant = Math.max(tenant, k.tenant().length());
      name = Math.max(name, k.name().length());
    }
    int limit = "LIMITS".length();
    for (ApiKey k : keys)
      limit = Math.max(limit, LimitOptions.text(limits.getOrDefault(k.id(), Limits.NONE)).length());
    String format = "%-12s  %-" + tenant + "s  %-" + name + "s  %-20s  %-" + limit + "s  %s%n";
    System.out.printf(format, "ID", "TENANT", "NAME", "CREATED", "LIMITS", "REVOKED");
    for (ApiKey k : keys) {
      String revoked = k.revokedAt().map(KeysCommand::time).orElse("-");
      System.out.printf(
          format,
          k.id(),
          k.tenant(),
          k.name().isEmpty() ? "-" : k.name(),
          KeysCommand.time(k.createdAt()),
          LimitOptions.text(limits.getOrDefault(k.id(), Limits.NONE)),
          revoked);
    }
  }
}
