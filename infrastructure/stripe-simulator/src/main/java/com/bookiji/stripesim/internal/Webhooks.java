package com.bookiji.stripesim.internal;

import com.bookiji.stripesim.WebhookFaultKind;
import com.bookiji.stripesim.WebhookFaultRule;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers events to webhook endpoints like Stripe: a JSON POST signed with
 * {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + payload)>}, retried with
 * doubling backoff on a non-2xx answer, a timeout or a connection failure. Like Stripe, an endpoint
 * gets several deliveries at once: each endpoint has {@code deliveryLanes} delivery threads, and
 * the events of one PaymentIntent (its charges, refunds and disputes included) always take the same
 * one, so without faults they arrive in the order they happened; webhook fault rules then drop,
 * delay, duplicate or reorder deliveries.
 */
public final class Webhooks implements AutoCloseable {

  private final Store store;
  private final SimClock clock;
  private final Faults faults;
  private final Duration initialRetryDelay;
  private final int maxAttempts;
  private final Duration timeout;
  /** Concurrent deliveries per endpoint ({@code StripeSimulatorConfig.webhookDeliveryLanes}). */
  private final int deliveryLanes;
  private final HttpClient http;
  private final Map<String, ScheduledExecutorService> executors = new HashMap<>();
  /** Events held back by a REORDER rule, per endpoint, released after the next event. */
  private final Map<String, Deque<Records.Event>> held = new HashMap<>();
  private final Deque<JsonObject> deliveries = new ArrayDeque<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean closed;

  public Webhooks(
      Store store, SimClock clock, Faults faults, Duration initialRetryDelay, int maxAttempts, Duration timeout,
      int deliveryLanes) {
    this.store = store;
    this.clock = clock;
    this.faults = faults;
    this.initialRetryDelay = initialRetryDelay;
    this.maxAttempts = maxAttempts;
    this.timeout = timeout;
    this.deliveryLanes = deliveryLanes;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public static String signatureHeader(String payload, String secret, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Called for every new event (under the payments lock, so calls arrive in event order). */
  public void publish(Records.Event ev) {
    List<String> endpointIds;
    synchronized (store) {
      endpointIds = new ArrayList<>(ev.pendingEndpoints);
    }
    for (String endpointId : endpointIds) {
      route(ev, endpointId);
    }
  }

  /** After a restart: re-send every event some endpoint has not yet acknowledged. */
  public void resumePending() {
    List<Records.Event> pending = new ArrayList<>();
    synchronized (store) {
      for (Records.Event ev : store.events.values()) {
        if (!ev.pendingEndpoints.isEmpty()) {
          pending.add(ev);
        }
      }
    }
    pending.forEach(ev -> {
      List<String> ids;
      synchronized (store) {
        ids = new ArrayList<>(ev.pendingEndpoints);
      }
      ids.forEach(id -> schedule(ev, id, 1, 0, true));
    });
  }

  private void route(Records.Event ev, String endpointId) {
    WebhookFaultRule fault = faults.decideWebhook(ev.type, metadataOf(ev));
    long gen = generation.get();
    if (fault == null) {
      schedule(ev, endpointId, 1, 0, true);
      releaseHeld(endpointId, gen);
      return;
    }
    long delay = fault.delayMs() == null ? 0 : fault.delayMs();
    switch (fault.kind()) {
      case DROP -> {
        record(ev, endpointId, 0, null, "dropped");
        finish(ev, endpointId);
        releaseHeld(endpointId, gen);
      }
      case DELAY -> {
        record(ev, endpointId, 0, null, "delayed");
        schedule(ev, endpointId, 1, delay == 0 ? 1000 : delay, true);
        releaseHeld(endpointId, gen);
      }
      case DUPLICATE -> {
        schedule(ev, endpointId, 1, 0, true);
        schedule(ev, endpointId, 1, delay, false);
        releaseHeld(endpointId, gen);
      }
      case REORDER -> {
        record(ev, endpointId, 0, null, "held_for_reorder");
        synchronized (held) {
          held.computeIfAbsent(endpointId, k -> new ArrayDeque<>()).add(ev);
        }
        // If no later event comes, send it anyway after the delay (default 2 s).
        executor(endpointId, ev).schedule(
            () -> {
              if (removeHeld(endpointId, ev) && gen == generation.get()) {
                attempt(ev, endpointId, 1, true, gen);
              }
            },
            delay == 0 ? 2000 : delay,
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void releaseHeld(String endpointId, long gen) {
    List<Records.Event> release = new ArrayList<>();
    synchronized (held) {
      Deque<Records.Event> q = held.get(endpointId);
      if (q != null) {
        release.addAll(q);
        q.clear();
      }
    }
    // Scheduled after the later event's delivery on the same single thread: they arrive after it.
    for (Records.Event ev : release) {
      executor(endpointId, ev).execute(() -> {
        if (gen == generation.get()) {
          attempt(ev, endpointId, 1, true, gen);
        }
      });
    }
  }

  private boolean removeHeld(String endpointId, Records.Event ev) {
    synchronized (held) {
      Deque<Records.Event> q = held.get(endpointId);
      return q != null && q.remove(ev);
    }
  }

  private void schedule(Records.Event ev, String endpointId, int attempt, long delayMs, boolean counts) {
    long gen = generation.get();
    Runnable task = () -> {
      if (gen == generation.get()) {
        attempt(ev, endpointId, attempt, counts, gen);
      }
    };
    if (closed) {
      return;
    }
    if (delayMs <= 0) {
      executor(endpointId, ev).execute(task);
    } else {
      executor(endpointId, ev).schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void attempt(Records.Event ev, String endpointId, int attempt, boolean counts, long gen) {
    Records.WebhookEndpoint endpoint;
    String payload;
    synchronized (store) {
      endpoint = store.endpoints.get(endpointId);
      payload = StripeJson.event(ev).toString();
    }
    if (closed) {
      return;
    }
    if (endpoint == null) {
      // The endpoint was removed: nobody is waiting for this event any more.
      finish(ev, endpointId);
      return;
    }
    Integer status = null;
    String outcome;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint.url))
              .timeout(timeout)
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .header("Stripe-Signature", signatureHeader(payload, endpoint.secret, clock.epochSecond()))
              .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      outcome = status >= 200 && status < 300 ? "delivered" : "http_error";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      outcome = e instanceof java.net.http.HttpTimeoutException ? "timeout" : "connection_error";
    }
    if (gen != generation.get()) {
      return;
    }
    if (outcome.equals("delivered")) {
      record(ev, endpointId, attempt, status, counts ? "delivered" : "delivered_duplicate");
      if (counts) {
        finish(ev, endpointId);
      }
      return;
    }
    if (attempt >= maxAttempts) {
      record(ev, endpointId, attempt, status, outcome + "_gave_up");
      if (counts) {
        finish(ev, endpointId);
      }
      return;
    }
    record(ev, endpointId, attempt, status, outcome + "_will_retry");
    long backoff = Math.min(initialRetryDelay.toMillis() << Math.min(attempt - 1, 20), Duration.ofHours(1).toMillis());
    schedule(ev, endpointId, attempt + 1, backoff, counts);
  }

  private void finish(Records.Event ev, String endpointId) {
    synchronized (store) {
      if (ev.pendingEndpoints.remove(endpointId)) {
        store.save(ev);
      }
    }
  }

  private static Map<String, String> metadataOf(Records.Event ev) {
    Map<String, String> out = new LinkedHashMap<>();
    var object = ev.dataObject;
    if (object != null && object.has("metadata") && object.get("metadata").isJsonObject()) {
      object.getAsJsonObject("metadata").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
    }
    return out;
  }

  private void record(Records.Event ev, String endpointId, int attempt, Integer status, String outcome) {
    JsonObject o = new JsonObject();
    o.addProperty("event_id", ev.id);
    o.addProperty("event_type", ev.type);
    o.addProperty("endpoint_id", endpointId);
    o.addProperty("attempt", attempt);
    o.addProperty("status", status);
    o.addProperty("outcome", outcome);
    o.addProperty("time_millis", clock.millis());
    synchronized (deliveries) {
      deliveries.addLast(o);
      if (deliveries.size() > 100_000) {
        deliveries.removeFirst();
      }
    }
  }

  public JsonArray deliveriesJson() {
    JsonArray out = new JsonArray();
    synchronized (deliveries) {
      deliveries.forEach(d -> out.add(d.deepCopy()));
    }
    return out;
  }

  /** The delivery thread of this event at this endpoint: one per PaymentIntent, so its events stay in order. */
  private ScheduledExecutorService executor(String endpointId, Records.Event ev) {
    int lane = Math.floorMod(orderKey(ev).hashCode(), deliveryLanes);
    synchronized (executors) {
      return executors.computeIfAbsent(
          endpointId + "#" + lane,
          id -> Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stripe-sim-webhook-" + id);
            t.setDaemon(true);
            return t;
          }));
    }
  }

  /** The PaymentIntent an event is about (charges, refunds and disputes name theirs), else its object. */
  static String orderKey(Records.Event ev) {
    JsonObject object = ev.dataObject;
    if (object == null) {
      return "";
    }
    if (object.has("payment_intent") && object.get("payment_intent").isJsonPrimitive()) {
      return object.get("payment_intent").getAsString();
    }
    return object.has("id") && object.get("id").isJsonPrimitive() ? object.get("id").getAsString() : "";
  }

  /** Forgets queued and held deliveries (in-progress attempts finish but are ignored). */
  public void reset() {
    generation.incrementAndGet();
    synchronized (held) {
      held.clear();
    }
    synchronized (deliveries) {
      deliveries.clear();
    }
  }

  @Override
  public void close() {
    closed = true;
    generation.incrementAndGet();
    synchronized (executors) {
      executors.values().forEach(ScheduledExecutorService::shutdownNow);
      executors.clear();
    }
  }
}
