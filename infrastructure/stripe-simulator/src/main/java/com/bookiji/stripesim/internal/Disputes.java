package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Card disputes: opened by the cardholder's bank when a {@code pm_card_createDispute} charge is
 * captured; {@code needs_response} → {@code under_review} → {@code won} / {@code lost}.
 */
final class Disputes {

  private final Store store;
  private final SimClock clock;
  private final Events events;

  Disputes(Store store, SimClock clock, Events events) {
    this.store = store;
    this.clock = clock;
    this.events = events;
  }

  /** The cardholder's bank disputes a captured charge: the funds are withdrawn at once. */
  void openIfTheCardSaysSo(Records.PaymentIntent pi, Records.Charge ch) {
    if (TestCards.behaviorOf(pi.paymentMethod) != TestCards.Behavior.AUTHORIZE_THEN_DISPUTE) {
      return;
    }
    Records.Dispute dp = store.identify(new Records.Dispute(), "dp_", clock.epochSecond());
    dp.amount = ch.amountCaptured;
    dp.currency = ch.currency;
    dp.charge = ch.id;
    dp.paymentIntent = pi.id;
    dp.reason = "fraudulent";
    dp.status = "needs_response";
    store.save(dp);
    ch.disputed = true;
    store.save(ch);
    events.emit("charge.dispute.created", StripeJson.dispute(dp), null, Payments.RequestInfo.NONE);
    events.emit("charge.dispute.funds_withdrawn", StripeJson.dispute(dp), null, Payments.RequestInfo.NONE);
  }

  JsonObject retrieve(String id) {
    return StripeJson.dispute(existing(id));
  }

  JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "charge", "payment_intent", "expand"));
    String piId = p.string("payment_intent");
    String chargeId = p.string("charge");
    Predicate<Long> created = Listing.created(p);
    return Listing.list(
        new ArrayList<>(store.disputes.values()),
        dp -> created.test(dp.created)
            && (piId == null || piId.equals(dp.paymentIntent))
            && (chargeId == null || chargeId.equals(dp.charge)),
        StripeJson::dispute,
        p,
        "/v1/disputes",
        "dispute");
  }

  /**
   * Evidence and metadata. As in Stripe's test mode, submitted evidence whose text is
   * {@code winning_evidence} wins the dispute (funds reinstated), {@code losing_evidence} loses it.
   */
  JsonObject update(String id, FormParams p, Payments.RequestInfo req) {
    p.allowOnly(Set.of("evidence", "metadata", "submit", "expand"));
    Records.Dispute dp = existing(id);
    Map<String, String> metadata = Metadata.valid(p);
    Map<String, String> evidence = p.stringMap("evidence");
    Boolean submit = p.bool("submit");
    requireOpen(dp);
    JsonObject previous = new JsonObject();
    previous.addProperty("status", dp.status);
    Metadata.apply(dp.metadata, metadata);
    if (evidence != null && evidence.containsKey("uncategorized_text")) {
      dp.evidenceText = evidence.get("uncategorized_text");
    }
    boolean submitted = submit == null || submit;
    if (submitted && evidence != null) {
      dp.submissionCount++;
      dp.status = "under_review";
    }
    store.save(dp);
    events.emit("charge.dispute.updated", StripeJson.dispute(dp), previous, req);
    if (submitted && "winning_evidence".equals(dp.evidenceText)) {
      close(dp, "won", req);
    } else if (submitted && "losing_evidence".equals(dp.evidenceText)) {
      close(dp, "lost", req);
    }
    return StripeJson.dispute(dp);
  }

  /** Accepting the dispute: the merchant gives up, the dispute is lost. */
  JsonObject accept(String id, FormParams p, Payments.RequestInfo req) {
    p.allowOnly(Set.of("expand"));
    Records.Dispute dp = existing(id);
    requireOpen(dp);
    close(dp, "lost", req);
    return StripeJson.dispute(dp);
  }

  private void close(Records.Dispute dp, String outcome, Payments.RequestInfo req) {
    JsonObject previous = new JsonObject();
    previous.addProperty("status", dp.status);
    dp.status = outcome;
    store.save(dp);
    events.emit("charge.dispute.closed", StripeJson.dispute(dp), previous, req);
    if (outcome.equals("won")) {
      Records.Charge ch = store.charges.get(dp.charge);
      ch.disputed = false; // the funds are back: the charge can be refunded again
      store.save(ch);
      events.emit("charge.dispute.funds_reinstated", StripeJson.dispute(dp), null, req);
    }
  }

  private static void requireOpen(Records.Dispute dp) {
    if (dp.status.equals("won") || dp.status.equals("lost")) {
      throw ApiError.stateError("dispute_already_closed", "This dispute is already closed (" + dp.status + ").", null);
    }
  }

  private Records.Dispute existing(String id) {
    Records.Dispute dp = store.disputes.get(id);
    if (dp == null) {
      throw ApiError.notFound("No such dispute: '" + id + "'", "dispute");
    }
    return dp;
  }
}
