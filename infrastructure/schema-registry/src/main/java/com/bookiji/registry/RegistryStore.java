package com.bookiji.registry;

import com.bookiji.schemas.compat.SchemaCompatibilityChecker;
import com.bookiji.schemas.registry.CompatibilityLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * The registry's state: schemas by global id, subjects as lists of versions, compatibility levels.
 * Every change is written to the {@link Journal} first and then applied, by the same
 * {@code apply} code that replays the journal on start, so memory and disk cannot disagree.
 * Ids are never reused; a schema text (in Avro's normalised JSON form) has one id across subjects,
 * and stays resolvable by id even after its subjects are deleted, so old records stay readable.
 */
final class RegistryStore implements AutoCloseable {
  static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

  /** One version of a subject. */
  record Version(String subject, int version, int id, boolean deleted) {}

  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<Integer, Schema> parsedById = new HashMap<>();
  private final TreeMap<String, List<Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = DEFAULT_LEVEL;
  private int maxId;
  private final Journal journal;

  RegistryStore(Path dataDir) {
    this.journal = Journal.open(dataDir, this::apply);
  }

  // ---- queries ---------------------------------------------------------------------------

  synchronized Optional<String> schemaText(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  synchronized List<Version> versionsOfId(int id, boolean includeDeleted) {
    if (!schemaById.containsKey(id)) {
      throw RegistryError.schemaNotFound(String.valueOf(id));
    }
    List<Version> result = new ArrayList<>();
    subjects.values().forEach(vs -> vs.stream()
        .filter(v -> v.id() == id && (includeDeleted || !v.deleted())).forEach(result::add));
    return result;
  }

  synchronized List<String> subjectNames(boolean includeDeleted, String prefix) {
    return subjects.entrySet().stream()
        .filter(e -> prefix == null || e.getKey().startsWith(prefix))
        .filter(e -> e.getValue().stream().anyMatch(v -> includeDeleted || !v.deleted()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
  }

  synchronized List<Version> versions(String subject, boolean includeDeleted) {
    List<Version> visible = visible(subject, includeDeleted);
    if (visible.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return visible;
  }

  /** {@code version} is a positive number, {@code latest} or {@code -1}. */
  synchronized Version version(String subject, String version, boolean includeDeleted) {
    int wanted = parseVersion(version);
    List<Version> visible = visible(subject, includeDeleted);
    if (visible.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    if (wanted == -1) {
      return visible.get(visible.size() - 1);
    }
    return visible.stream().filter(v -> v.version() == wanted).findFirst()
        .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
  }

  synchronized Version lookUp(String subject, Schema schema, boolean includeDeleted) {
    List<Version> visible = visible(subject, includeDeleted);
    if (visible.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    String text = schema.toString();
    for (int i = visible.size() - 1; i >= 0; i--) {
      if (schemaById.get(visible.get(i).id()).equals(text)) {
        return visible.get(i);
      }
    }
    throw RegistryError.schemaNotFound("for subject '" + subject + "'");
  }

  synchronized CompatibilityLevel globalLevel() { return globalLevel; }

  synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  synchronized CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  /**
   * Problems with registering {@code schema} under {@code subject}: against one version (a number
   * or latest) in the level's direction, or, with {@code version == null}, against the versions
   * the level asks for (latest, or all for TRANSITIVE levels).
   */
  synchronized List<String> compatibilityProblems(String subject, Schema schema, String version) {
    CompatibilityLevel level = effectiveLevel(subject);
    List<Version> live = visible(subject, false);
    if (version == null) {
      return SchemaCompatibilityChecker.check(level, schema, schemas(live), labels(live));
    }
    int wanted = parseVersion(version);
    if (wanted == -1 && live.isEmpty()) {
      return List.of();
    }
    Version against = version(subject, version, false);
    CompatibilityLevel single = level.transitive()
        ? CompatibilityLevel.valueOf(level.name().replace("_TRANSITIVE", "")) : level;
    return SchemaCompatibilityChecker.check(single, schema, schemas(List.of(against)),
        labels(List.of(against)));
  }

  // ---- changes ---------------------------------------------------------------------------

  /** Registers the schema under the subject, or returns the existing version with that schema. */
  synchronized Version register(String subject, Schema schema) {
    String text = schema.toString();
    List<Version> live = visible(subject, false);
    for (Version v : live) {
      if (schemaById.get(v.id()).equals(text)) {
        return v;
      }
    }
    CompatibilityLevel level = effectiveLevel(subject);
    List<String> problems = SchemaCompatibilityChecker.check(level, schema, schemas(live),
        labels(live));
    if (!problems.isEmpty()) {
      throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier"
          + " schema for subject \"" + subject + "\" (compatibility " + level + "), details: "
          + problems);
    }
    int id = idBySchema.getOrDefault(text, maxId + 1);
    int version = subjects.getOrDefault(subject, List.of()).stream()
        .mapToInt(Version::version).max().orElse(0) + 1;
    ObjectNode entry = Journal.entry("register");
    entry.put("subject", subject).put("version", version).put("id", id).put("schema", text);
    journalThenApply(entry);
    return new Version(subject, version, id, false);
  }

  /** Soft (then, with {@code permanent}, hard) deletes every version of the subject. */
  synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
    List<Version> all = subjects.getOrDefault(subject, List.of());
    if (all.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    boolean anyLive = all.stream().anyMatch(v -> !v.deleted());
    if (!permanent && !anyLive) {
      throw new RegistryError(404, 40404, "Subject '" + subject + "' was soft deleted."
          + " Set permanent=true to delete permanently");
    }
    if (permanent && anyLive) {
      throw new RegistryError(404, 40405, "Subject '" + subject + "' was not deleted first before"
          + " being permanently deleted");
    }
    List<Integer> deleted = all.stream().map(Version::version).collect(Collectors.toList());
    ObjectNode entry = Journal.entry("deleteSubject");
    entry.put("subject", subject).put("permanent", permanent);
    journalThenApply(entry);
    return deleted;
  }

  synchronized int deleteVersion(String subject, String version, boolean permanent) {
    // Soft-deleting "latest" means the latest live version; a numbered one may already be deleted.
    Version target = version(subject, version, permanent || parseVersion(version) != -1);
    if (!permanent && target.deleted()) {
      throw new RegistryError(404, 40406, "Subject '" + subject + "' Version " + target.version()
          + " was soft deleted. Set permanent=true to delete permanently");
    }
    if (permanent && !target.deleted()) {
      throw new RegistryError(404, 40407, "Subject '" + subject + "' Version " + target.version()
          + " was not deleted first before being permanently deleted");
    }
    ObjectNode entry = Journal.entry("deleteVersion");
    entry.put("subject", subject).put("version", target.version()).put("permanent", permanent);
    journalThenApply(entry);
    return target.version();
  }

  /** Sets the global level ({@code subject == null}) or a subject's; {@code null} level clears it. */
  synchronized void setLevel(String subject, CompatibilityLevel level) {
    ObjectNode entry = Journal.entry("config");
    if (subject != null) {
      entry.put("subject", subject);
    }
    if (level != null) {
      entry.put("level", level.name());
    }
    journalThenApply(entry);
  }

  private void journalThenApply(ObjectNode entry) {
    journal.append(entry);
    apply(entry);
  }

  /** Applies one journal entry; used for live changes and for replay. */
  private void apply(JsonNode entry) {
    String op = entry.path("op").asText();
    String subject = entry.hasNonNull("subject") ? entry.get("subject").asText() : null;
    switch (op) {
      case "register" -> {
        int id = entry.get("id").asInt();
        String text = entry.get("schema").asText();
        if (!schemaById.containsKey(id)) {
          schemaById.put(id, text);
          idBySchema.put(text, id);
          parsedById.put(id, new Schema.Parser().parse(text));
          maxId = Math.max(maxId, id);
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>())
            .add(new Version(subject, entry.get("version").asInt(), id, false));
      }
      case "deleteSubject" -> {
        if (entry.path("permanent").asBoolean()) {
          subjects.remove(subject);
          subjectLevels.remove(subject);
        } else {
          subjects.computeIfPresent(subject, (s, vs) -> vs.stream()
              .map(v -> new Version(s, v.version(), v.id(), true))
              .collect(Collectors.toCollection(ArrayList::new)));
        }
      }
      case "deleteVersion" -> {
        int version = entry.get("version").asInt();
        List<Version> vs = subjects.get(subject);
        if (vs != null) {
          if (entry.path("permanent").asBoolean()) {
            vs.removeIf(v -> v.version() == version);
            if (vs.isEmpty()) {
              subjects.remove(subject);
            }
          } else {
            vs.replaceAll(v -> v.version() == version
                ? new Version(subject, v.version(), v.id(), true) : v);
          }
        }
      }
      case "config" -> {
        CompatibilityLevel level = entry.hasNonNull("level")
            ? CompatibilityLevel.valueOf(entry.get("level").asText()) : null;
        if (subject == null) {
          globalLevel = level == null ? DEFAULT_LEVEL : level;
        } else if (level == null) {
          subjectLevels.remove(subject);
        } else {
          subjectLevels.put(subject, level);
        }
      }
      default -> throw new IllegalStateException("unknown journal entry: " + entry);
    }
  }

  private List<Version> visible(String subject, boolean includeDeleted) {
    return subjects.getOrDefault(subject, List.of()).stream()
        .filter(v -> includeDeleted || !v.deleted())
        .collect(Collectors.toList());
  }

  private List<Schema> schemas(List<Version> versions) {
    return versions.stream().map(v -> parsedById.get(v.id())).collect(Collectors.toList());
  }

  private static List<String> labels(List<Version> versions) {
    return versions.stream().map(v -> "version " + v.version()).collect(Collectors.toList());
  }

  /** Subjects whose schemas include this id (distinct, in name order). */
  synchronized List<String> subjectsOfId(int id, boolean includeDeleted) {
    return new ArrayList<>(versionsOfId(id, includeDeleted).stream().map(Version::subject)
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  static int parseVersion(String version) {
    if ("latest".equalsIgnoreCase(version)) {
      return -1;
    }
    try {
      int v = Integer.parseInt(version);
      if (v == -1 || v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the Confluent error
    }
    throw RegistryError.invalidVersion(version);
  }

  @Override
  public void close() {
    journal.close();
  }
}
