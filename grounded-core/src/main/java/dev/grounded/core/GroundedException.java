package dev.grounded.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of Grounded. Carries a stable {@link ErrorCode} and, where it applies, the
 * name of the offending parameter, file or field ({@link #param()}). Messages are written for the
 * person who must fix the input: they name the file or argument and say what is wrong.
 */
public class GroundedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String param;

  public GroundedException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public GroundedException(ErrorCode code, String message, String param, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.param = param;
  }

  public static GroundedException invalid(String param, String message) {
    return new GroundedException(ErrorCode.INVALID_REQUEST, message, param, null);
  }

  public static GroundedException notFound(String message) {
    return new GroundedException(ErrorCode.NOT_FOUND, message);
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  public boolean retriable() {
    return code.retriable();
  }
}
