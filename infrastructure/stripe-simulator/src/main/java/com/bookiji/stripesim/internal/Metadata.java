package com.bookiji.stripesim.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stripe's {@code metadata} parameter: its limits and its update semantics, for every object that has it. */
final class Metadata {

  private Metadata() {}

  /** The request's {@code metadata[...]}, or null when absent; over Stripe's limits is a 400. */
  static Map<String, String> valid(FormParams p) {
    Map<String, String> metadata = p.stringMap("metadata");
    if (metadata == null) {
      return null;
    }
    if (metadata.size() > 50) {
      throw ApiError.invalid("Invalid metadata: at most 50 keys", "metadata", "parameter_invalid_object");
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().length() > 40) {
        throw ApiError.invalid(
            "Invalid metadata: keys can be at most 40 characters", "metadata", "parameter_invalid_object");
      }
      if (e.getValue().length() > 500) {
        throw ApiError.invalid(
            "Invalid metadata: values can be at most 500 characters", "metadata", "parameter_invalid_object");
      }
    }
    return metadata;
  }

  /** Stripe's update semantics: an empty metadata hash clears, an empty value unsets one key. */
  static void apply(Map<String, String> target, Map<String, String> update) {
    if (update == null) {
      return;
    }
    if (update.isEmpty()) {
      target.clear();
      return;
    }
    update.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            target.remove(k);
          } else {
            target.put(k, v);
          }
        });
  }

  /** On create an empty value means "no such key". */
  static Map<String, String> withoutEmptyValues(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.put(k, v);
          }
        });
    return out;
  }
}
