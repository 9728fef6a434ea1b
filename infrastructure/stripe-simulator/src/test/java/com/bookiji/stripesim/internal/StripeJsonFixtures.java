package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.List;

/** Records with every field set, and with the optional ones empty, for the rendering tests. */
final class StripeJsonFixtures {

  private StripeJsonFixtures() {}

  static Records.PaymentIntent fullIntent() {
    Records.PaymentIntent pi = new Records.PaymentIntent();
    pi.id = "pi_1";
    pi.seq = 1;
    pi.created = 1_700_000_000L;
    pi.amount = 2000;
    pi.currency = "eur";
    pi.captureMethod = "manual";
    pi.status = "requires_payment_method";
    pi.paymentMethod = "pm_card_visa";
    pi.metadata.put("reservation_id", "r-1");
    pi.description = "a \"quoted\" <b>slot</b>";
    pi.customer = "cus_1";
    pi.receiptEmail = "a@example.com";
    pi.clientSecret = "pi_1_secret_x";
    pi.amountCapturable = 2000;
    pi.amountReceived = 0;
    pi.latestCharge = "ch_1";
    pi.canceledAt = 1_700_000_100L;
    pi.cancellationReason = "automatic";
    JsonObject error = new JsonObject();
    error.addProperty("code", "card_declined");
    pi.lastPaymentError = error;
    JsonObject action = new JsonObject();
    action.addProperty("type", "use_stripe_sdk");
    pi.nextAction = action;
    pi.authorizedAtMillis = 1_700_000_000_000L;
    return pi;
  }

  static Records.PaymentIntent bareIntent() {
    Records.PaymentIntent pi = new Records.PaymentIntent();
    pi.id = "pi_2";
    pi.created = 1_700_000_000L;
    pi.amount = 50;
    pi.currency = "usd";
    pi.captureMethod = "automatic_async";
    pi.status = "requires_payment_method";
    return pi;
  }

  static Records.Charge succeededCharge() {
    Records.Charge ch = new Records.Charge();
    ch.id = "ch_1";
    ch.created = 1_700_000_001L;
    ch.amount = 2000;
    ch.amountCaptured = 2000;
    ch.amountRefunded = 500;
    ch.captured = true;
    ch.refunded = false;
    ch.currency = "eur";
    ch.status = "succeeded";
    ch.paymentIntent = "pi_1";
    ch.paymentMethod = "pm_card_visa";
    ch.metadata.put("reservation_id", "r-1");
    ch.disputed = true;
    return ch;
  }

  static Records.Charge declinedCharge() {
    Records.Charge ch = new Records.Charge();
    ch.id = "ch_2";
    ch.created = 1_700_000_002L;
    ch.amount = 2000;
    ch.currency = "eur";
    ch.status = "failed";
    ch.paymentIntent = "pi_1";
    ch.paymentMethod = "pm_card_chargeDeclined";
    ch.failureCode = "card_declined";
    ch.failureMessage = "Your card was declined.";
    ch.declineCode = "generic_decline";
    return ch;
  }

  static Records.Refund refund() {
    Records.Refund re = new Records.Refund();
    re.id = "re_1";
    re.created = 1_700_000_003L;
    re.amount = 500;
    re.charge = "ch_1";
    re.paymentIntent = "pi_1";
    re.currency = "eur";
    re.reason = "requested_by_customer";
    re.status = "succeeded";
    re.metadata.put("refund_sequence", "1");
    return re;
  }

  static Records.Dispute dispute(String evidence) {
    Records.Dispute dp = new Records.Dispute();
    dp.id = "dp_1";
    dp.created = 1_700_000_004L;
    dp.amount = 2000;
    dp.currency = "eur";
    dp.charge = "ch_1";
    dp.paymentIntent = "pi_1";
    dp.reason = "fraudulent";
    dp.status = "needs_response";
    dp.evidenceText = evidence;
    dp.submissionCount = evidence == null ? 0 : 1;
    return dp;
  }

  static Records.Event event(boolean withPrevious) {
    Records.Event ev = new Records.Event();
    ev.id = "evt_1";
    ev.created = 1_700_000_005L;
    ev.type = "payment_intent.succeeded";
    ev.dataObject = StripeJson.paymentIntent(fullIntent());
    if (withPrevious) {
      JsonObject previous = new JsonObject();
      previous.addProperty("status", "requires_capture");
      ev.previousAttributes = previous;
      ev.requestId = "req_1";
      ev.idempotencyKey = "key-1";
    }
    ev.pendingEndpoints.add("we_1");
    return ev;
  }

  static Records.WebhookEndpoint endpoint(boolean olderJournal) {
    Records.WebhookEndpoint we = new Records.WebhookEndpoint();
    we.id = "we_1";
    we.url = "http://127.0.0.1:1/hook";
    we.secret = "whsec_1";
    we.created = 1_700_000_006L;
    if (olderJournal) {
      we.metadata = null;
    } else {
      we.description = "ops";
      we.enabledEvents = List.of("payment_intent.*", "charge.refunded");
      we.metadata.put("team", "payments");
      we.status = "disabled";
    }
    return we;
  }

  /** Every rendering the tests pin, in a fixed order. */
  static List<JsonObject> all() {
    return List.of(
        StripeJson.paymentIntent(fullIntent()),
        StripeJson.paymentIntent(bareIntent()),
        StripeJson.charge(succeededCharge()),
        StripeJson.charge(declinedCharge()),
        StripeJson.refund(refund()),
        StripeJson.dispute(dispute(null)),
        StripeJson.dispute(dispute("winning_evidence")),
        StripeJson.event(event(true)),
        StripeJson.event(event(false)),
        StripeJson.webhookEndpoint(endpoint(false)),
        StripeJson.webhookEndpoint(endpoint(true)),
        StripeJson.paymentMethod("pm_card_mastercard"),
        StripeJson.paymentMethod("pm_card_visa"));
  }
}
