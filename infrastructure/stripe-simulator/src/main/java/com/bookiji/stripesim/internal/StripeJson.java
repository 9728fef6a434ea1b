package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;

/** The stored records rendered in Stripe's API shapes (API version {@link Payments#API_VERSION}). */
final class StripeJson {

  private StripeJson() {}

  static JsonObject paymentIntent(Records.PaymentIntent pi) {
    JsonObject o = new JsonObject();
    o.addProperty("id", pi.id);
    o.addProperty("object", "payment_intent");
    o.addProperty("amount", pi.amount);
    o.addProperty("amount_capturable", pi.amountCapturable);
    o.addProperty("amount_received", pi.amountReceived);
    o.add("application", JsonNull.INSTANCE);
    o.add("application_fee_amount", JsonNull.INSTANCE);
    o.add("automatic_payment_methods", JsonNull.INSTANCE);
    o.addProperty("canceled_at", pi.canceledAt);
    o.addProperty("cancellation_reason", pi.cancellationReason);
    o.addProperty("capture_method", pi.captureMethod);
    o.addProperty("client_secret", pi.clientSecret);
    o.addProperty("confirmation_method", "automatic");
    o.addProperty("created", pi.created);
    o.addProperty("currency", pi.currency);
    o.addProperty("customer", pi.customer);
    o.addProperty("description", pi.description);
    o.add("last_payment_error", pi.lastPaymentError == null ? JsonNull.INSTANCE : pi.lastPaymentError.deepCopy());
    o.addProperty("latest_charge", pi.latestCharge);
    o.addProperty("livemode", false);
    o.add("metadata", stringMap(pi.metadata));
    o.add("next_action", pi.nextAction == null ? JsonNull.INSTANCE : pi.nextAction.deepCopy());
    o.add("on_behalf_of", JsonNull.INSTANCE);
    o.addProperty("payment_method", pi.paymentMethod);
    JsonArray types = new JsonArray();
    types.add("card");
    o.add("payment_method_types", types);
    o.add("processing", JsonNull.INSTANCE);
    o.addProperty("receipt_email", pi.receiptEmail);
    o.add("review", JsonNull.INSTANCE);
    o.add("setup_future_usage", JsonNull.INSTANCE);
    o.add("shipping", JsonNull.INSTANCE);
    o.add("statement_descriptor", JsonNull.INSTANCE);
    o.add("statement_descriptor_suffix", JsonNull.INSTANCE);
    o.addProperty("status", pi.status);
    o.add("transfer_data", JsonNull.INSTANCE);
    o.add("transfer_group", JsonNull.INSTANCE);
    return o;
  }

  static JsonObject charge(Records.Charge ch) {
    JsonObject o = new JsonObject();
    o.addProperty("id", ch.id);
    o.addProperty("object", "charge");
    o.addProperty("amount", ch.amount);
    o.addProperty("amount_captured", ch.amountCaptured);
    o.addProperty("amount_refunded", ch.amountRefunded);
    o.add("balance_transaction", JsonNull.INSTANCE);
    o.addProperty("captured", ch.captured);
    o.addProperty("created", ch.created);
    o.addProperty("currency", ch.currency);
    o.addProperty("disputed", ch.disputed);
    o.addProperty("failure_code", ch.failureCode);
    o.addProperty("failure_message", ch.failureMessage);
    o.addProperty("livemode", false);
    o.add("metadata", stringMap(ch.metadata));
    JsonObject outcome = new JsonObject();
    boolean ok = "succeeded".equals(ch.status);
    outcome.addProperty("network_status", ok ? "approved_by_network" : "declined_by_network");
    outcome.addProperty("reason", ok ? null : ch.declineCode);
    outcome.addProperty("risk_level", "normal");
    outcome.addProperty("seller_message", ok ? "Payment complete." : "The bank did not return any further details with this decline.");
    outcome.addProperty("type", ok ? "authorized" : "issuer_declined");
    o.add("outcome", outcome);
    o.addProperty("paid", ok);
    o.addProperty("payment_intent", ch.paymentIntent);
    o.addProperty("payment_method", ch.paymentMethod);
    o.addProperty("refunded", ch.refunded);
    o.addProperty("status", ch.status);
    return o;
  }

  static JsonObject refund(Records.Refund re) {
    JsonObject o = new JsonObject();
    o.addProperty("id", re.id);
    o.addProperty("object", "refund");
    o.addProperty("amount", re.amount);
    o.add("balance_transaction", JsonNull.INSTANCE);
    o.addProperty("charge", re.charge);
    o.addProperty("created", re.created);
    o.addProperty("currency", re.currency);
    o.add("metadata", stringMap(re.metadata));
    o.addProperty("payment_intent", re.paymentIntent);
    o.addProperty("reason", re.reason);
    o.add("receipt_number", JsonNull.INSTANCE);
    o.addProperty("status", re.status);
    return o;
  }

  static JsonObject dispute(Records.Dispute dp) {
    JsonObject o = new JsonObject();
    o.addProperty("id", dp.id);
    o.addProperty("object", "dispute");
    o.addProperty("amount", dp.amount);
    o.add("balance_transactions", new JsonArray());
    o.addProperty("charge", dp.charge);
    o.addProperty("created", dp.created);
    o.addProperty("currency", dp.currency);
    JsonObject evidence = new JsonObject();
    evidence.addProperty("uncategorized_text", dp.evidenceText);
    o.add("evidence", evidence);
    JsonObject details = new JsonObject();
    details.addProperty("due_by", dp.created + 7 * 24 * 3600);
    details.addProperty("has_evidence", dp.evidenceText != null);
    details.addProperty("past_due", false);
    details.addProperty("submission_count", dp.submissionCount);
    o.add("evidence_details", details);
    o.addProperty("is_charge_refundable", false);
    o.addProperty("livemode", false);
    o.add("metadata", stringMap(dp.metadata));
    o.addProperty("payment_intent", dp.paymentIntent);
    o.addProperty("reason", dp.reason);
    o.addProperty("status", dp.status);
    return o;
  }

  static JsonObject event(Records.Event ev) {
    JsonObject o = new JsonObject();
    o.addProperty("id", ev.id);
    o.addProperty("object", "event");
    o.addProperty("api_version", Payments.API_VERSION);
    o.addProperty("created", ev.created);
    JsonObject data = new JsonObject();
    data.add("object", ev.dataObject.deepCopy());
    if (ev.previousAttributes != null) {
      data.add("previous_attributes", ev.previousAttributes.deepCopy());
    }
    o.add("data", data);
    o.addProperty("livemode", false);
    o.addProperty("pending_webhooks", ev.pendingEndpoints.size());
    JsonObject request = new JsonObject();
    request.addProperty("id", ev.requestId);
    request.addProperty("idempotency_key", ev.idempotencyKey);
    o.add("request", request);
    o.addProperty("type", ev.type);
    return o;
  }

  /** One of the {@link TestCards}; null for a null id. */
  static JsonObject paymentMethod(String id) {
    if (id == null) {
      return null;
    }
    JsonObject card = new JsonObject();
    String brand = id.contains("mastercard") ? "mastercard" : id.contains("amex") ? "amex" : "visa";
    card.addProperty("brand", brand);
    card.addProperty("last4", TestCards.last4(id));
    card.addProperty("exp_month", 12);
    card.addProperty("exp_year", 2034);
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("object", "payment_method");
    o.add("card", card);
    o.addProperty("livemode", false);
    o.addProperty("type", "card");
    return o;
  }

  static JsonObject stringMap(Map<String, String> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }
}
