package dev.grounded.core;

/**
 * Stable error codes. Each maps to an HTTP status for the server and to a non-zero exit for the
 * CLI; the {@code retriable} flag tells callers whether trying again (or falling back) can help.
 */
public enum ErrorCode {
  INVALID_REQUEST("invalid_request", 400, false),
  NOT_FOUND("not_found", 404, false),
  /** A model name that does not exist for the caller (OpenAI's {@code model_not_found}). */
  MODEL_NOT_FOUND("model_not_found", 404, false),
  UNAUTHORIZED("unauthorized", 401, false),
  FORBIDDEN("forbidden", 403, false),
  METHOD_NOT_ALLOWED("method_not_allowed", 405, false),
  /** A client that stopped sending a request it had started (HTTP 408). */
  REQUEST_TIMEOUT("request_timeout", 408, true),
  CONFLICT("conflict", 409, true),
  PAYLOAD_TOO_LARGE("payload_too_large", 413, false),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, false),
  UNPARSEABLE_DOCUMENT("unparseable_document", 422, false),
  RATE_LIMITED("rate_limited", 429, true),
  BUDGET_EXCEEDED("budget_exceeded", 429, false),
  UPSTREAM_ERROR("upstream_error", 502, true),
  /** The whole server is at a capacity limit, not the caller's quota (HTTP 503, Retry-After). */
  SERVER_BUSY("server_busy", 503, true),
  GUARD_BLOCKED("guard_blocked", 400, false),
  STORAGE_ERROR("storage_error", 500, false),
  INTERNAL("internal_error", 500, false);

  private final String code;
  private final int httpStatus;
  private final boolean retriable;

  ErrorCode(String code, int httpStatus, boolean retriable) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.retriable = retriable;
  }

  /** The wire name, e.g. {@code invalid_request}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retriable() {
    return retriable;
  }
}
