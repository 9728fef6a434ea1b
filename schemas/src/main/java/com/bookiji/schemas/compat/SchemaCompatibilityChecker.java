package com.bookiji.schemas.compat;

import com.bookiji.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Avro schema compatibility in Confluent's terms, using Avro's own reader/writer resolution rules.
 * Problems read {@code TYPE@location:detail}, e.g.
 * {@code READER_FIELD_MISSING_DEFAULT_VALUE@/fields/5:currency}. Used by the build's evolution test
 * and by the schema registry server.
 */
public final class SchemaCompatibilityChecker {
  private SchemaCompatibilityChecker() {}

  /** Why {@code reader} cannot read data written with {@code writer}; empty when it can. */
  public static List<String> readerWriterProblems(Schema reader, Schema writer) {
    List<String> problems = new ArrayList<>();
    for (Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult().getIncompatibilities()) {
      problems.add(i.getType() + "@" + i.getLocation() + ":" + i.getMessage());
    }
    return problems;
  }

  /** BACKWARD: the newer schema can read data written with the older one. */
  public static List<String> backwardProblems(Schema newer, Schema older) {
    return readerWriterProblems(newer, older);
  }

  /**
   * Checks a candidate against earlier versions (oldest first) at the given level: the latest only,
   * or all of them for the TRANSITIVE levels. Each problem says which earlier version it concerns.
   */
  public static List<String> check(CompatibilityLevel level, Schema candidate,
      List<Schema> earlierOldestFirst) {
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= earlierOldestFirst.size(); i++) {
      labels.add("earlier schema #" + i + " of " + earlierOldestFirst.size());
    }
    return check(level, candidate, earlierOldestFirst, labels);
  }

  /** As {@link #check(CompatibilityLevel, Schema, List)}, naming earlier schemas by {@code labels}. */
  public static List<String> check(CompatibilityLevel level, Schema candidate,
      List<Schema> earlierOldestFirst, List<String> labels) {
    if (labels.size() != earlierOldestFirst.size()) {
      throw new IllegalArgumentException("one label per earlier schema");
    }
    List<String> problems = new ArrayList<>();
    if (level == CompatibilityLevel.NONE || earlierOldestFirst.isEmpty()) {
      return problems;
    }
    int first = level.transitive() ? 0 : earlierOldestFirst.size() - 1;
    for (int i = first; i < earlierOldestFirst.size(); i++) {
      Schema earlier = earlierOldestFirst.get(i);
      String which = labels.get(i);
      if (level.checksBackward()) {
        for (String p : readerWriterProblems(candidate, earlier)) {
          problems.add(p + " (new schema cannot read data written with " + which + ")");
        }
      }
      if (level.checksForward()) {
        for (String p : readerWriterProblems(earlier, candidate)) {
          problems.add(p + " (" + which + " cannot read data written with the new schema)");
        }
      }
    }
    return problems;
  }
}
