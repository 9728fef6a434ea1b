package com.bookiji.schemas.registry;

import java.util.List;

/** Outcome of a compatibility test; {@code messages} name the offending fields when asked verbosely. */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
