package com.bookiji.platform.inbox.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Counts delivery attempts per record until it succeeds or is dead-lettered. */
public final class AttemptTracker {

  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  void attempted(ConsumerRecord<?, ?> record) {
    attempts.merge(key(record), 1, Integer::sum);
  }

  void done(ConsumerRecord<?, ?> record) {
    attempts.remove(key(record));
  }

  /** Attempts made so far (at least 1: a record that never reached the handler was tried once). */
  public int finish(ConsumerRecord<?, ?> record) {
    Integer n = attempts.remove(key(record));
    return n == null ? 1 : n;
  }

  private static String key(ConsumerRecord<?, ?> r) {
    return r.topic() + "/" + r.partition() + "/" + r.offset();
  }
}
