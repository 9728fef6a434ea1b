package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/** Every API request the simulator saw (the newest 100 000), for tests that count calls and keys. */
public final class RequestLog {

  private static final int CAPACITY = 100_000;

  public static final class Entry {
    public final String requestId;
    public final long timeMillis;
    public final String method;
    public final String path;
    public final String idempotencyKey;
    volatile String keyType;
    volatile Integer status;
    volatile boolean replayed;
    volatile String fault;
    volatile String objectId;

    Entry(String requestId, long timeMillis, String method, String path, String idempotencyKey) {
      this.requestId = requestId;
      this.timeMillis = timeMillis;
      this.method = method;
      this.path = path;
      this.idempotencyKey = idempotencyKey;
    }

    public void keyType(String keyType) {
      this.keyType = keyType;
    }

    public void finish(int status, boolean replayed) {
      this.status = status;
      this.replayed = replayed;
    }

    public void fault(String fault) {
      this.fault = fault;
    }

    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("request_id", requestId);
      o.addProperty("time_millis", timeMillis);
      o.addProperty("method", method);
      o.addProperty("path", path);
      o.addProperty("idempotency_key", idempotencyKey);
      o.addProperty("key_type", keyType);
      o.addProperty("status", status);
      o.addProperty("in_flight", status == null);
      o.addProperty("replayed", replayed);
      o.addProperty("fault", fault);
      return o;
    }
  }

  private final Deque<Entry> entries = new ArrayDeque<>();

  public synchronized Entry start(String requestId, long timeMillis, String method, String path, String idempotencyKey) {
    Entry e = new Entry(requestId, timeMillis, method, path, idempotencyKey);
    entries.addLast(e);
    if (entries.size() > CAPACITY) {
      entries.removeFirst();
    }
    return e;
  }

  public synchronized JsonArray toJson(String method, String pathPrefix, String idempotencyKey) {
    JsonArray out = new JsonArray();
    for (Entry e : entries) {
      if ((method == null || method.equalsIgnoreCase(e.method))
          && (pathPrefix == null || e.path.startsWith(pathPrefix))
          && (idempotencyKey == null || idempotencyKey.equals(e.idempotencyKey))) {
        out.add(e.toJson());
      }
    }
    return out;
  }

  public synchronized void clear() {
    entries.clear();
  }
}
