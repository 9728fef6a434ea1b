package com.bookiji.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's compatibility levels. BACKWARD (the default) means a new schema can read data written
 * with the previous one, so consumers upgrade first; the TRANSITIVE variants check against every
 * earlier version instead of only the latest.
 */
public enum CompatibilityLevel {
  NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

  /** The new schema must be able to read data written with earlier ones. */
  public boolean checksBackward() {
    return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Earlier schemas must be able to read data written with the new one. */
  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Whether every earlier version is checked, not only the latest. */
  public boolean transitive() {
    return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
  }

  public static Optional<CompatibilityLevel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.name().equals(wanted)).findFirst();
  }
}
