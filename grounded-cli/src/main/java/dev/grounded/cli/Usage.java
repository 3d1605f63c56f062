package dev.grounded.cli;

import dev.grounded.core.ErrorCode;
import dev.grounded.core.GroundedException;
import java.util.function.Supplier;

/**
 * Usage errors: an option value that is out of range or of the wrong shape. They exit 2, like
 * picocli's own (unknown option, unparseable value), where a bad input file or datum exits 1.
 */
final class Usage {
  private Usage() {}

  /** An option value the command cannot take; {@code option} is its name without dashes. */
  static final class BadOption extends GroundedException {
    private static final long serialVersionUID = 1L;

    BadOption(String option, String message, Throwable cause) {
      super(ErrorCode.INVALID_REQUEST, message, option, cause);
    }
  }

  static GroundedException error(String option, String message) {
    return new BadOption(option, message, null);
  }

  /**
   * Parses an option's value with a parser of another module, turning its invalid-request failure
   * into a usage error.
   */
  static <T> T option(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (GroundedException e) {
      if (e instanceof BadOption || e.code() != ErrorCode.INVALID_REQUEST) throw e;
      throw new BadOption(e.param().orElse(null), e.getMessage(), e);
    }
  }
}
