package com.bookiji.reservation.application;

import java.time.Instant;
import java.util.Optional;

/** Idempotency-Key records, scoped to the caller. Every method joins the caller's transaction. */
public interface IdempotencyStore {

  /** Takes a transaction-scoped lock on (caller, key); false when a concurrent request holds it. */
  boolean tryLock(String caller, String key);

  /** The live record for (caller, key), ignoring expired ones. */
  Optional<Record> find(String caller, String key, Instant now);

  void save(String caller, String key, String requestHash, StoredResponse response, Instant now, Instant expiresAt);

  int purgeExpired(Instant now);

  record Record(String requestHash, StoredResponse response) {}
}
