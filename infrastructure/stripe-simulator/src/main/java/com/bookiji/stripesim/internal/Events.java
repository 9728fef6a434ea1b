package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Stripe's events: every change of a payment object emits one, stored (for {@code /v1/events}) and
 * handed to the webhook publisher with the endpoints that must still receive it.
 */
final class Events {

  private final Store store;
  private final SimClock clock;
  private final Consumer<Records.Event> publisher;

  Events(Store store, SimClock clock, Consumer<Records.Event> publisher) {
    this.store = store;
    this.clock = clock;
    this.publisher = publisher;
  }

  /** {@code object} is the object after the change, {@code previous} (or null) what changed. */
  void emit(String type, JsonObject object, JsonObject previous, Payments.RequestInfo req) {
    Records.Event ev = store.identify(new Records.Event(), "evt_", clock.epochSecond());
    ev.type = type;
    ev.dataObject = object;
    ev.previousAttributes = previous;
    ev.requestId = req.requestId();
    ev.idempotencyKey = req.idempotencyKey();
    synchronized (store) {
      store.endpoints.values().stream().filter(we -> we.receives(type)).forEach(we -> ev.pendingEndpoints.add(we.id));
      store.save(ev);
    }
    publisher.accept(ev);
  }

  JsonObject retrieve(String id) {
    Records.Event ev;
    synchronized (store) {
      ev = store.events.get(id);
    }
    if (ev == null) {
      throw ApiError.notFound("No such event: '" + id + "'", "id");
    }
    return StripeJson.event(ev);
  }

  JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "type", "types", "delivery_success", "expand"));
    String type = p.string("type");
    List<String> types = p.stringList("types");
    Predicate<Long> created = Listing.created(p);
    List<Records.Event> all;
    synchronized (store) {
      all = new ArrayList<>(store.events.values());
    }
    return Listing.list(
        all,
        ev -> created.test(ev.created)
            && (type == null || typeMatches(type, ev.type))
            && (types.isEmpty() || types.stream().anyMatch(t -> typeMatches(t, ev.type))),
        StripeJson::event,
        p,
        "/v1/events",
        "event");
  }

  /** An event type pattern: exact, {@code prefix.*}, or {@code *} for all. */
  static boolean typeMatches(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
  }
}
