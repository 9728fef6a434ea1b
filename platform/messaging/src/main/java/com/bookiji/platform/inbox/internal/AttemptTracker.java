package com.bookiji.platform.inbox.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts delivery attempts per record until it succeeds or is dead-lettered, and remembers when
 * its transient failures began (the start of its transient retry bound).
 */
public final class AttemptTracker {

  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, Instant> transientSince = new ConcurrentHashMap<>();

  void attempted(ConsumerRecord<?, ?> record) {
    attempts.merge(key(record), 1, Integer::sum);
  }

  void done(ConsumerRecord<?, ?> record) {
    attempts.remove(key(record));
    transientSince.remove(key(record));
  }

  /** When the record first failed transiently ({@code now} on its first transient failure). */
  Instant transientSince(ConsumerRecord<?, ?> record, Instant now) {
    return transientSince.computeIfAbsent(key(record), k -> now);
  }

  /** Attempts made so far (at least 1: a record that never reached the handler was tried once). */
  public int finish(ConsumerRecord<?, ?> record) {
    transientSince.remove(key(record));
    Integer n = attempts.remove(key(record));
    return n == null ? 1 : n;
  }

  private static String key(ConsumerRecord<?, ?> r) {
    return r.topic() + "/" + r.partition() + "/" + r.offset();
  }
}
