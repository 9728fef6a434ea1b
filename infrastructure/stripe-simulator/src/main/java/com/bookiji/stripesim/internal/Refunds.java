package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /v1/refunds}: money back from a captured charge, in full or in parts, never more than was captured. */
final class Refunds {

  private static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

  private static final Set<String> CREATE_PARAMS =
      Set.of(
          "payment_intent", "charge", "amount", "reason", "metadata", "expand", "instructions_email",
          "refund_application_fee", "reverse_transfer");

  private final Store store;
  private final SimClock clock;
  private final Events events;
  private final Expansion expansion;

  Refunds(Store store, SimClock clock, Events events, Expansion expansion) {
    this.store = store;
    this.clock = clock;
    this.events = events;
    this.expansion = expansion;
  }

  JsonObject create(FormParams p, Payments.RequestInfo req) {
    p.allowOnly(CREATE_PARAMS);
    String piId = p.string("payment_intent");
    String chargeId = p.string("charge");
    if (piId == null && chargeId == null) {
      throw ApiError.invalid(
          "One of the following params should be provided for this request: payment_intent or charge.",
          "payment_intent",
          "parameter_missing");
    }
    Records.PaymentIntent pi;
    Records.Charge ch;
    if (piId != null) {
      pi = store.intents.get(piId);
      if (pi == null) {
        throw ApiError.invalid("No such payment_intent: '" + piId + "'", "payment_intent", "resource_missing");
      }
      ch = pi.latestCharge == null ? null : store.charges.get(pi.latestCharge);
    } else {
      ch = store.charges.get(chargeId);
      if (ch == null) {
        throw ApiError.invalid("No such charge: '" + chargeId + "'", "charge", "resource_missing");
      }
      pi = store.intents.get(ch.paymentIntent);
    }
    Long amount = p.integer("amount");
    String reason = p.string("reason");
    if (reason != null && !REASONS.contains(reason)) {
      throw ApiError.invalid(
          "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
          "reason",
          "parameter_invalid_string");
    }
    Map<String, String> metadata = Metadata.valid(p);
    List<String> expand = Expansion.valid(p, "refund");
    if (ch == null || !ch.captured || !"succeeded".equals(ch.status)) {
      throw ApiError.stateError(
          "charge_not_refundable",
          "This PaymentIntent does not have a successful charge to refund"
              + (pi == null ? "." : " (status: " + pi.status + ")."),
          piId != null ? "payment_intent" : "charge");
    }
    if (ch.disputed) {
      throw ApiError.stateError(
          "charge_disputed", "Charge " + ch.id + " has been charged back; cannot issue a refund.", null);
    }
    long remaining = ch.amountCaptured - ch.amountRefunded;
    if (remaining <= 0) {
      throw ApiError.stateError("charge_already_refunded", "Charge " + ch.id + " has already been refunded.", null);
    }
    long refundAmount = amount == null ? remaining : amount;
    if (refundAmount <= 0) {
      throw ApiError.invalid("Invalid positive integer", "amount", "parameter_invalid_integer");
    }
    if (refundAmount > remaining) {
      throw ApiError.invalid(
          "Refund amount (" + refundAmount + ") is greater than unrefunded amount on charge (" + remaining + ")",
          "amount",
          "amount_too_large");
    }
    Records.Refund re = store.identify(new Records.Refund(), "re_", clock.epochSecond());
    re.amount = refundAmount;
    re.charge = ch.id;
    re.paymentIntent = ch.paymentIntent;
    re.currency = ch.currency;
    re.reason = reason;
    re.status = "succeeded";
    if (metadata != null) {
      re.metadata.putAll(Metadata.withoutEmptyValues(metadata));
    }
    store.save(re);
    JsonObject previous = new JsonObject();
    previous.addProperty("amount_refunded", ch.amountRefunded);
    previous.addProperty("refunded", ch.refunded);
    ch.amountRefunded += refundAmount;
    ch.refunded = ch.amountRefunded >= ch.amountCaptured;
    store.save(ch);
    // Stripe's pair for a card refund: the charge (amount_refunded moved) and the refund itself.
    events.emit("charge.refunded", StripeJson.charge(ch), previous, req);
    events.emit("refund.created", StripeJson.refund(re), null, req);
    return expansion.expand(StripeJson.refund(re), expand);
  }

  /** {@code POST /v1/refunds/{id}}: metadata only, as Stripe allows; emits the refund's update events. */
  JsonObject update(String id, FormParams p, Payments.RequestInfo req) {
    p.allowOnly(Set.of("metadata", "expand"));
    Records.Refund re = existing(id);
    Map<String, String> metadata = Metadata.valid(p);
    List<String> expand = Expansion.valid(p, "refund");
    if (metadata != null) {
      JsonObject previous = new JsonObject();
      previous.add("metadata", StripeJson.stringMap(re.metadata));
      Metadata.apply(re.metadata, metadata);
      store.save(re);
      events.emit("charge.refund.updated", StripeJson.refund(re), previous, req);
      events.emit("refund.updated", StripeJson.refund(re), previous, req);
    }
    return expansion.expand(StripeJson.refund(re), expand);
  }

  JsonObject retrieve(String id, FormParams p) {
    return expansion.expand(StripeJson.refund(existing(id)), Expansion.valid(p, "refund"));
  }

  JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "payment_intent", "charge", "expand"));
    String piId = p.string("payment_intent");
    String chargeId = p.string("charge");
    Predicate<Long> created = Listing.created(p);
    List<String> expand = Expansion.validForList(p, "refund");
    return Listing.list(
        new ArrayList<>(store.refunds.values()),
        re -> created.test(re.created)
            && (piId == null || piId.equals(re.paymentIntent))
            && (chargeId == null || chargeId.equals(re.charge)),
        re -> expansion.expand(StripeJson.refund(re), expand),
        p,
        "/v1/refunds",
        "refund");
  }

  private Records.Refund existing(String id) {
    Records.Refund re = store.refunds.get(id);
    if (re == null) {
      throw ApiError.notFound("No such refund: '" + id + "'", "id");
    }
    return re;
  }
}
