package dev.grounded.gateway.chain;

import java.util.Map;
import java.util.Objects;

/**
 * Who asked and under which id: what budgets, caches and the ledger key on. Never sent upstream.
 *
 * @param requestId unique per inbound request, for logs and the ledger
 * @param tenant the caller's tenant ({@code default} in open mode)
 * @param keyId the API key's public id, empty when the call was not made with a key
 * @param user the end user the caller named (OpenAI's {@code user} field), empty when none
 * @param headers request headers routing rules and the cache may read, names lower-case (the server
 *     copies {@code x-grounded-*} headers); empty for library and CLI calls
 * @param notes what the stages did with this request, shared by every copy of it
 */
public record RequestMetadata(
    String requestId,
    String tenant,
    String keyId,
    String user,
    Map<String, String> headers,
    CallNotes notes) {
  public RequestMetadata {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    Objects.requireNonNull(notes, "notes");
    for (String name : headers.keySet())
      if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)))
        throw new IllegalArgumentException("header names must be lower-case: " + name);
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(user, "user");
    if (requestId.isBlank()) throw new IllegalArgumentException("requestId must not be blank");
    if (tenant.isBlank()) throw new IllegalArgumentException("tenant must not be blank");
  }

  /** A request without headers, with fresh notes. */
  public RequestMetadata(String requestId, String tenant, String keyId, String user) {
    this(requestId, tenant, keyId, user, Map.of(), new CallNotes());
  }

  /** The value of header {@code name} (lower-case), if the caller sent it. */
  public java.util.Optional<String> header(String name) {
    return java.util.Optional.ofNullable(headers.get(name));
  }

  /** A call of the default tenant without a key or user (the library and CLI). */
  public static RequestMetadata anonymous(String requestId) {
    return new RequestMetadata(requestId, "default", "", "");
  }
}
