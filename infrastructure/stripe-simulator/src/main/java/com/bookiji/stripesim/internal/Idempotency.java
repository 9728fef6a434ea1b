package com.bookiji.stripesim.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's Idempotency-Key rules, scoped per API key: the same key with the same request replays the
 * saved response; with a different request it is a 400 {@code idempotency_error}; while the first
 * request with that key is still executing, a second one is a 409; saved results expire after the TTL.
 */
public final class Idempotency {

  public sealed interface Outcome permits Proceed, Replay, Mismatch, InFlight {}

  public record Proceed() implements Outcome {}

  public record Replay(Records.IdempotentResult result) implements Outcome {}

  public record Mismatch(String firstRequest) implements Outcome {}

  public record InFlight() implements Outcome {}

  private final Store store;
  private final SimClock clock;
  private final Duration ttl;
  private final Map<String, String> inFlight = new HashMap<>();

  public Idempotency(Store store, SimClock clock, Duration ttl) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
  }

  public static String fingerprint(String method, String path, FormParams params) {
    return method + " " + path + "?" + params.fingerprint();
  }

  public synchronized Outcome begin(String scopeKey, String fingerprint) {
    Records.IdempotentResult saved;
    synchronized (store) {
      saved = store.idempotentResults.get(scopeKey);
    }
    if (saved != null && expired(saved)) {
      store.deleteIdempotentResult(scopeKey);
      saved = null;
    }
    if (saved != null) {
      return saved.fingerprint.equals(fingerprint)
          ? new Replay(saved)
          : new Mismatch(saved.method + " " + saved.path);
    }
    String running = inFlight.get(scopeKey);
    if (running != null) {
      return new InFlight();
    }
    inFlight.put(scopeKey, fingerprint);
    return new Proceed();
  }

  /** Saves the result the endpoint produced; a replay returns exactly this status and body. */
  public synchronized void complete(
      String scopeKey, String fingerprint, String method, String path, int status, String body, String requestId) {
    inFlight.remove(scopeKey);
    Records.IdempotentResult r = new Records.IdempotentResult();
    r.scopeKey = scopeKey;
    r.fingerprint = fingerprint;
    r.method = method;
    r.path = path;
    r.status = status;
    r.body = body;
    r.requestId = requestId;
    r.createdMillis = clock.millis();
    store.save(r);
  }

  /** The request never started executing (injected fault, validation error): nothing is saved. */
  public synchronized void abandon(String scopeKey) {
    inFlight.remove(scopeKey);
  }

  public synchronized int purgeExpired() {
    java.util.List<String> stale = new ArrayList<>();
    synchronized (store) {
      for (Records.IdempotentResult r : store.idempotentResults.values()) {
        if (expired(r)) {
          stale.add(r.scopeKey);
        }
      }
    }
    stale.forEach(store::deleteIdempotentResult);
    return stale.size();
  }

  public synchronized void reset() {
    inFlight.clear();
  }

  private boolean expired(Records.IdempotentResult r) {
    return r.createdMillis + ttl.toMillis() <= clock.millis();
  }
}
