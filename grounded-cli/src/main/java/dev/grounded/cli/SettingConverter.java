package dev.grounded.cli;

import dev.grounded.core.config.Setting;
import picocli.CommandLine;

/**
 * Converts a flag's text with its setting's type, so a flag takes what the file takes (e.g. a
 * duration "20s") and is checked the same way; an invalid value is a usage error naming the flag.
 */
abstract class SettingConverter<T> implements CommandLine.ITypeConverter<T> {
  private final Setting<T> setting;

  SettingConverter(Setting<T> setting) {
    this.setting = setting;
  }

  @Override
  public T convert(String text) {
    try {
      return setting.type().parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "must be " + setting.type().describe() + ", got '" + text + "'");
    }
  }

  static final class ShutdownTimeout extends SettingConverter<java.time.Duration> {
    ShutdownTimeout() {
      super(GroundedSettings.SERVER_SHUTDOWN_TIMEOUT);
    }
  }

  static final class BodyTimeout extends SettingConverter<java.time.Duration> {
    BodyTimeout() {
      super(GroundedSettings.SERVER_BODY_TIMEOUT);
    }
  }

  static final class LockWait extends SettingConverter<java.time.Duration> {
    LockWait() {
      super(GroundedSettings.INGEST_LOCK_WAIT);
    }
  }
}
