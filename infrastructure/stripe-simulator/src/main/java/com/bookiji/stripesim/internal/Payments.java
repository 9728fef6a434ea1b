package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The payment objects behind {@code /v1}: {@link PaymentIntents} (the state machine), {@link Charges},
 * {@link Refunds}, {@link Disputes} and the {@link Events} every change emits. This class is their
 * one lock: an operation validates, mutates, journals and emits while no other payment operation
 * runs, so a rejected request changes nothing and a webhook never sees half a change.
 */
public final class Payments {

  public static final String API_VERSION = "2026-07-29.dahlia";

  /** Who caused a change, echoed in {@code event.request}. */
  public record RequestInfo(String requestId, String idempotencyKey) {
    public static final RequestInfo NONE = new RequestInfo(null, null);
  }

  private final Store store;
  private final Expansion expansion;
  private final Events events;
  private final Disputes disputes;
  private final PaymentIntents intents;
  private final Charges charges;
  private final Refunds refunds;

  public Payments(Store store, SimClock clock, Duration authorizationExpiry, Consumer<Records.Event> publisher) {
    this.store = store;
    this.expansion = new Expansion(store);
    this.events = new Events(store, clock, publisher);
    this.disputes = new Disputes(store, clock, events);
    this.intents = new PaymentIntents(store, clock, authorizationExpiry, events, expansion, disputes);
    this.charges = new Charges(store, expansion);
    this.refunds = new Refunds(store, clock, events, expansion);
  }

  // ---------------------------------------------------------------- PaymentIntents

  public synchronized JsonObject createPaymentIntent(FormParams p, RequestInfo req) {
    return intents.create(p, req);
  }

  public synchronized JsonObject retrievePaymentIntent(String id, FormParams p, boolean publishable) {
    return intents.retrieve(id, p, publishable);
  }

  public synchronized JsonObject updatePaymentIntent(String id, FormParams p, RequestInfo req) {
    return intents.update(id, p, req);
  }

  public synchronized JsonObject confirmPaymentIntent(String id, FormParams p, boolean publishable, RequestInfo req) {
    return intents.confirm(id, p, publishable, req);
  }

  /** The simulated customer finishes (or fails) 3-D Secure for an intent in requires_action. */
  public synchronized JsonObject completeAuthentication(String id, boolean succeed) {
    return intents.completeAuthentication(id, succeed);
  }

  public synchronized JsonObject capturePaymentIntent(String id, FormParams p, RequestInfo req) {
    return intents.capture(id, p, req);
  }

  public synchronized JsonObject cancelPaymentIntent(String id, FormParams p, RequestInfo req) {
    return intents.cancel(id, p, req);
  }

  /** Cancels every authorization older than the expiry window, as Stripe does after 7 days. */
  public synchronized int expireAuthorizations() {
    return intents.expireAuthorizations();
  }

  public synchronized JsonObject listPaymentIntents(FormParams p) {
    return intents.list(p);
  }

  public synchronized JsonObject searchPaymentIntents(FormParams p) {
    return intents.search(p);
  }

  // ---------------------------------------------------------------- Refunds and charges

  public synchronized JsonObject createRefund(FormParams p, RequestInfo req) {
    return refunds.create(p, req);
  }

  public synchronized JsonObject updateRefund(String id, FormParams p, RequestInfo req) {
    return refunds.update(id, p, req);
  }

  public synchronized JsonObject retrieveRefund(String id, FormParams p) {
    return refunds.retrieve(id, p);
  }

  public synchronized JsonObject listRefunds(FormParams p) {
    return refunds.list(p);
  }

  public synchronized JsonObject retrieveCharge(String id, FormParams p) {
    return charges.retrieve(id, p);
  }

  public synchronized JsonObject listCharges(FormParams p) {
    return charges.list(p);
  }

  // ---------------------------------------------------------------- Disputes

  public synchronized JsonObject retrieveDispute(String id) {
    return disputes.retrieve(id);
  }

  public synchronized JsonObject listDisputes(FormParams p) {
    return disputes.list(p);
  }

  public synchronized JsonObject updateDispute(String id, FormParams p, RequestInfo req) {
    return disputes.update(id, p, req);
  }

  public synchronized JsonObject closeDispute(String id, FormParams p, RequestInfo req) {
    return disputes.accept(id, p, req);
  }

  // ---------------------------------------------------------------- Events and payment methods

  public synchronized JsonObject retrieveEvent(String id) {
    return events.retrieve(id);
  }

  public synchronized JsonObject listEvents(FormParams p) {
    return events.list(p);
  }

  public JsonObject retrievePaymentMethod(String id) {
    if (!TestCards.isKnown(id)) {
      throw ApiError.notFound("No such PaymentMethod: '" + id + "'", "payment_method");
    }
    return StripeJson.paymentMethod(id);
  }

  // ---------------------------------------------------------------- Inspection helpers

  /** Metadata of the PaymentIntent an API call targets, for metadata-scoped fault rules. */
  public synchronized Map<String, String> metadataOf(String paymentIntentId) {
    Records.PaymentIntent pi = store.intents.get(paymentIntentId);
    return pi == null ? Map.of() : new LinkedHashMap<>(pi.metadata);
  }

  public synchronized String paymentIntentOfCharge(String chargeId) {
    Records.Charge ch = store.charges.get(chargeId);
    return ch == null ? null : ch.paymentIntent;
  }

  public synchronized JsonArray allPaymentIntents() {
    JsonArray out = new JsonArray();
    store.intents.values().forEach(pi -> out.add(expansion.expand(StripeJson.paymentIntent(pi), List.of("latest_charge"))));
    return out;
  }

  public synchronized JsonObject allObjects() {
    JsonObject out = new JsonObject();
    out.add("payment_intents", allPaymentIntents());
    JsonArray charges = new JsonArray();
    store.charges.values().forEach(ch -> charges.add(StripeJson.charge(ch)));
    out.add("charges", charges);
    JsonArray refunds = new JsonArray();
    store.refunds.values().forEach(re -> refunds.add(StripeJson.refund(re)));
    out.add("refunds", refunds);
    JsonArray disputes = new JsonArray();
    store.disputes.values().forEach(dp -> disputes.add(StripeJson.dispute(dp)));
    out.add("disputes", disputes);
    JsonArray events = new JsonArray();
    synchronized (store) {
      store.events.values().forEach(ev -> events.add(StripeJson.event(ev)));
    }
    out.add("events", events);
    return out;
  }
}
