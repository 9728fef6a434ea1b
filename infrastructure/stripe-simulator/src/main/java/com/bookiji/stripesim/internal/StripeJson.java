package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Map;

/**
 * The stored records rendered in Stripe's API shapes (API version {@link Payments#API_VERSION}).
 * Each shape is written once, as its list of fields in Stripe's order; {@link #fields} writes them.
 */
final class StripeJson {

  private static final long DISPUTE_RESPONSE_WINDOW_SECONDS = 7 * 24 * 3600;

  private StripeJson() {}

  static JsonObject paymentIntent(Records.PaymentIntent pi) {
    return object(pi, "payment_intent",
        "amount", pi.amount, "amount_capturable", pi.amountCapturable, "amount_received", pi.amountReceived,
        "application", null, "application_fee_amount", null, "automatic_payment_methods", null,
        "canceled_at", pi.canceledAt, "cancellation_reason", pi.cancellationReason,
        "capture_method", pi.captureMethod, "client_secret", pi.clientSecret, "confirmation_method", "automatic",
        "created", pi.created, "currency", pi.currency, "customer", pi.customer, "description", pi.description,
        "last_payment_error", pi.lastPaymentError, "latest_charge", pi.latestCharge, "livemode", false,
        "metadata", pi.metadata, "next_action", pi.nextAction, "on_behalf_of", null,
        "payment_method", pi.paymentMethod, "payment_method_types", List.of("card"), "processing", null,
        "receipt_email", pi.receiptEmail, "review", null, "setup_future_usage", null, "shipping", null,
        "statement_descriptor", null, "statement_descriptor_suffix", null, "status", pi.status,
        "transfer_data", null, "transfer_group", null);
  }

  static JsonObject charge(Records.Charge ch) {
    boolean ok = "succeeded".equals(ch.status);
    JsonObject outcome = fields(
        "network_status", ok ? "approved_by_network" : "declined_by_network", "reason", ok ? null : ch.declineCode,
        "risk_level", "normal",
        "seller_message", ok ? "Payment complete." : "The bank did not return any further details with this decline.",
        "type", ok ? "authorized" : "issuer_declined");
    return object(ch, "charge",
        "amount", ch.amount, "amount_captured", ch.amountCaptured, "amount_refunded", ch.amountRefunded,
        "balance_transaction", null, "captured", ch.captured, "created", ch.created, "currency", ch.currency,
        "disputed", ch.disputed, "failure_code", ch.failureCode, "failure_message", ch.failureMessage,
        "livemode", false, "metadata", ch.metadata, "outcome", outcome, "paid", ok,
        "payment_intent", ch.paymentIntent, "payment_method", ch.paymentMethod, "refunded", ch.refunded,
        "status", ch.status);
  }

  static JsonObject refund(Records.Refund re) {
    return object(re, "refund",
        "amount", re.amount, "balance_transaction", null, "charge", re.charge, "created", re.created,
        "currency", re.currency, "metadata", re.metadata, "payment_intent", re.paymentIntent, "reason", re.reason,
        "receipt_number", null, "status", re.status);
  }

  static JsonObject dispute(Records.Dispute dp) {
    JsonObject details = fields(
        "due_by", dp.created + DISPUTE_RESPONSE_WINDOW_SECONDS, "has_evidence", dp.evidenceText != null,
        "past_due", false, "submission_count", dp.submissionCount);
    return object(dp, "dispute",
        "amount", dp.amount, "balance_transactions", List.of(), "charge", dp.charge, "created", dp.created,
        "currency", dp.currency, "evidence", fields("uncategorized_text", dp.evidenceText),
        "evidence_details", details, "is_charge_refundable", false, "livemode", false, "metadata", dp.metadata,
        "payment_intent", dp.paymentIntent, "reason", dp.reason, "status", dp.status);
  }

  static JsonObject event(Records.Event ev) {
    JsonObject data = fields("object", ev.dataObject);
    if (ev.previousAttributes != null) {
      data.add("previous_attributes", ev.previousAttributes.deepCopy());
    }
    return object(ev, "event",
        "api_version", Payments.API_VERSION, "created", ev.created, "data", data, "livemode", false,
        "pending_webhooks", ev.pendingEndpoints.size(),
        "request", fields("id", ev.requestId, "idempotency_key", ev.idempotencyKey), "type", ev.type);
  }

  /** Stripe's shape of a webhook endpoint; the secret is not part of it (Stripe shows it only on create). */
  static JsonObject webhookEndpoint(Records.WebhookEndpoint we) {
    return object(we, "webhook_endpoint",
        "api_version", null, "application", null, "created", we.created, "description", we.description,
        "enabled_events", we.enabledEvents == null ? List.of("*") : we.enabledEvents, "livemode", false,
        "metadata", we.metadata == null ? Map.of() : we.metadata,
        "status", we.status == null ? "enabled" : we.status, "url", we.url);
  }

  /** One of the {@link TestCards}; null for a null id. */
  static JsonObject paymentMethod(String id) {
    if (id == null) {
      return null;
    }
    String brand = id.contains("mastercard") ? "mastercard" : id.contains("amex") ? "amex" : "visa";
    JsonObject card = fields("brand", brand, "last4", TestCards.last4(id), "exp_month", 12, "exp_year", 2034);
    return fields("id", id, "object", "payment_method", "card", card, "livemode", false, "type", "card");
  }

  static JsonObject stringMap(Map<String, String> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }

  /** A stored object: its {@code id} and {@code object} type first, as Stripe writes them, then the fields. */
  private static JsonObject object(Records.Listed record, String type, Object... namesAndValues) {
    JsonObject o = fields("id", record.id, "object", type);
    fields(o, namesAndValues);
    return o;
  }

  /** Name, value, name, value…: the one field writer every shape uses. */
  private static JsonObject fields(Object... namesAndValues) {
    return fields(new JsonObject(), namesAndValues);
  }

  private static JsonObject fields(JsonObject o, Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("fields come in name/value pairs");
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      o.add((String) namesAndValues[i], element(namesAndValues[i + 1]));
    }
    return o;
  }

  /**
   * A value as JSON: null as {@code null} (Stripe writes absent fields that way), numbers, strings
   * and booleans as themselves, a map as an object of strings, a list as an array, and stored JSON
   * as a copy (a rendered object never shares state with the record it came from).
   */
  private static JsonElement element(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement json) {
      return json.deepCopy();
    }
    if (value instanceof String s) {
      return new JsonPrimitive(s);
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      map.forEach((k, v) -> o.add((String) k, element(v)));
      return o;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(element(v)));
      return array;
    }
    throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
  }
}
