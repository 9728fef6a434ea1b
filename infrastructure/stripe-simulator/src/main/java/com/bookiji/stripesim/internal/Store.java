package com.bookiji.stripesim.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All simulator state, guarded by this object's monitor. Every change is appended to an optional
 * journal (one JSON line per changed object, last line wins) so a restarted simulator resumes with
 * the same intents, charges, refunds, events, webhook endpoints and idempotent results; the journal is
 * compacted on start.
 */
public final class Store {

  /** Null fields are left out of journal lines: a JsonObject-typed field cannot read back a JSON null. */
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  public final Map<String, Records.PaymentIntent> intents = new LinkedHashMap<>();
  public final Map<String, Records.Charge> charges = new LinkedHashMap<>();
  public final Map<String, Records.Refund> refunds = new LinkedHashMap<>();
  public final Map<String, Records.Dispute> disputes = new LinkedHashMap<>();
  public final Map<String, Records.Event> events = new LinkedHashMap<>();
  public final Map<String, Records.WebhookEndpoint> endpoints = new LinkedHashMap<>();
  public final Map<String, Records.IdempotentResult> idempotentResults = new LinkedHashMap<>();
  /** Each kind of listed object: its map and its journal tag, in the order a compacted journal writes them. */
  private final List<Table<?>> tables = List.of(
      new Table<>("we", Records.WebhookEndpoint.class, endpoints),
      new Table<>("pi", Records.PaymentIntent.class, intents),
      new Table<>("ch", Records.Charge.class, charges),
      new Table<>("re", Records.Refund.class, refunds),
      new Table<>("dp", Records.Dispute.class, disputes),
      new Table<>("ev", Records.Event.class, events));
  private long seq;
  private long clockOffsetMillis;

  private final Path file;
  private BufferedWriter journal;

  public Store(Path file) {
    this.file = file;
    if (file != null) {
      load();
      compact();
    }
  }

  public synchronized long nextSeq() {
    return ++seq;
  }

  /** A new object's identity: a fresh id with Stripe's prefix, the next creation sequence and its creation time. */
  public synchronized <T extends Records.Listed> T identify(T record, String idPrefix, long createdEpochSecond) {
    record.id = Ids.next(idPrefix);
    record.seq = nextSeq();
    record.created = createdEpochSecond;
    return record;
  }

  public synchronized long clockOffsetMillis() {
    return clockOffsetMillis;
  }

  public synchronized void saveClockOffset(long offsetMillis) {
    clockOffsetMillis = offsetMillis;
    append("clock", new JsonPrimitiveHolder(offsetMillis));
  }

  /** Stores a new or changed object and journals it. */
  public synchronized void save(Records.Listed record) {
    Table<?> table = tableOf(record.getClass());
    table.put(record);
    append(table.tag(), record);
  }

  public synchronized void deleteEndpoint(String id) {
    if (endpoints.remove(id) != null) {
      append("we-", new IdHolder(id));
    }
  }

  public synchronized void save(Records.IdempotentResult r) {
    idempotentResults.put(r.scopeKey, r);
    append("idem", r);
  }

  public synchronized void deleteIdempotentResult(String scopeKey) {
    if (idempotentResults.remove(scopeKey) != null) {
      append("idem-", new IdHolder(scopeKey));
    }
  }

  /** Forgets every object and idempotent result and resets the clock offset; webhook endpoints stay. */
  public synchronized void reset() {
    intents.clear();
    charges.clear();
    refunds.clear();
    disputes.clear();
    events.clear();
    idempotentResults.clear();
    clockOffsetMillis = 0;
    if (file != null) {
      compact();
    }
  }

  public synchronized void close() {
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      journal = null;
    }
  }

  private record JsonPrimitiveHolder(long value) {}

  private record Table<T extends Records.Listed>(String tag, Class<T> type, Map<String, T> rows) {
    void put(Records.Listed record) {
      rows.put(record.id, type.cast(record));
    }
  }

  private Table<?> tableOf(Class<?> type) {
    return tables.stream().filter(t -> t.type() == type).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a stored object: " + type.getName()));
  }

  private record IdHolder(String id) {}

  private void append(String type, Object value) {
    if (journal == null) {
      return;
    }
    JsonObject line = new JsonObject();
    line.addProperty("t", type);
    line.add("v", GSON.toJsonTree(value));
    try {
      journal.write(GSON.toJson(line));
      journal.newLine();
      journal.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulator journal " + file, e);
    }
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator journal " + file, e);
    }
    for (String text : lines) {
      if (text.isBlank()) {
        continue;
      }
      JsonObject line;
      try {
        line = JsonParser.parseString(text).getAsJsonObject();
      } catch (RuntimeException e) {
        // A torn last line from a crash mid-write: everything before it is intact.
        continue;
      }
      String t = line.get("t").getAsString();
      var v = line.get("v");
      Table<?> table = tables.stream().filter(candidate -> candidate.tag().equals(t)).findFirst().orElse(null);
      if (table != null) {
        Records.Listed record = GSON.fromJson(v, table.type());
        table.put(record);
        seq = Math.max(seq, record.seq);
        continue;
      }
      switch (t) {
        case "we-" -> endpoints.remove(v.getAsJsonObject().get("id").getAsString());
        case "idem" -> {
          Records.IdempotentResult r = GSON.fromJson(v, Records.IdempotentResult.class);
          idempotentResults.put(r.scopeKey, r);
        }
        case "idem-" -> idempotentResults.remove(v.getAsJsonObject().get("id").getAsString());
        case "clock" -> clockOffsetMillis = v.getAsJsonObject().get("value").getAsLong();
        default -> {
          // unknown line type from a newer version: ignore
        }
      }
    }
  }

  /** Rewrites the journal as one line per live object, then keeps appending to it. */
  private void compact() {
    close();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      journal = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
      append("clock", new JsonPrimitiveHolder(clockOffsetMillis));
      tables.forEach(table -> table.rows().values().forEach(v -> append(table.tag(), v)));
      idempotentResults.values().forEach(v -> append("idem", v));
      journal.close();
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      journal =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulator journal " + file, e);
    }
  }
}
