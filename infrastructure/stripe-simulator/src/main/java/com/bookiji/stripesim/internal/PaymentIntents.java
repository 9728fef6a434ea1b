package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The PaymentIntent state machine: {@code requires_payment_method} → {@code requires_confirmation}
 * → (confirm) {@code requires_action} / {@code requires_capture} / {@code succeeded}, back to
 * {@code requires_payment_method} on a decline, → {@code canceled} by request or authorization
 * expiry. Every operation validates everything first, so a rejected request changes nothing.
 */
final class PaymentIntents {

  private static final Set<String> CANCELABLE =
      Set.of("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing");

  private static final Set<String> CONFIRMABLE =
      Set.of("requires_payment_method", "requires_confirmation", "requires_action");

  private static final Set<String> CANCELLATION_REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

  private static final Set<String> CREATE_PARAMS =
      Set.of(
          "amount", "currency", "capture_method", "payment_method", "confirm", "metadata", "description",
          "customer", "receipt_email", "payment_method_types", "automatic_payment_methods", "expand",
          "confirmation_method", "return_url", "statement_descriptor", "statement_descriptor_suffix",
          "setup_future_usage", "off_session", "error_on_requires_action", "use_stripe_sdk",
          "payment_method_options", "transfer_group");
  private static final Set<String> UPDATE_PARAMS =
      Set.of(
          "amount", "currency", "payment_method", "metadata", "description", "customer", "receipt_email",
          "capture_method", "expand", "statement_descriptor", "statement_descriptor_suffix",
          "setup_future_usage", "payment_method_types", "transfer_group");
  private static final Set<String> CONFIRM_PARAMS =
      Set.of(
          "payment_method", "client_secret", "return_url", "expand", "capture_method", "off_session",
          "error_on_requires_action", "mandate_data", "payment_method_options", "use_stripe_sdk",
          "receipt_email", "setup_future_usage", "payment_method_types");
  private static final Set<String> CLIENT_CONFIRM_PARAMS =
      Set.of("payment_method", "client_secret", "return_url", "expand", "use_stripe_sdk", "receipt_email");
  private static final Set<String> CAPTURE_PARAMS =
      Set.of(
          "amount_to_capture", "metadata", "expand", "statement_descriptor", "statement_descriptor_suffix",
          "application_fee_amount", "final_capture");
  private static final Set<String> CANCEL_PARAMS = Set.of("cancellation_reason", "expand");

  private static final String MISSING_PAYMENT_METHOD =
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the"
          + " PaymentIntent, pass a payment_method.";

  private final Store store;
  private final SimClock clock;
  private final Duration authorizationExpiry;
  private final Events events;
  private final Expansion expansion;
  private final Disputes disputes;

  PaymentIntents(
      Store store, SimClock clock, Duration authorizationExpiry, Events events, Expansion expansion, Disputes disputes) {
    this.store = store;
    this.clock = clock;
    this.authorizationExpiry = authorizationExpiry;
    this.events = events;
    this.expansion = expansion;
    this.disputes = disputes;
  }

  JsonObject create(FormParams p, Payments.RequestInfo req) {
    p.allowOnly(CREATE_PARAMS);
    Long amount = p.integer("amount");
    if (amount == null) {
      throw ApiError.missing("amount");
    }
    String currency = Validation.requireCurrency(p);
    Validation.validateAmount(amount, currency, "amount");
    String captureMethod =
        Validation.captureMethod(p, "Invalid capture_method: must be one of automatic, automatic_async, or manual");
    if (captureMethod == null) {
      captureMethod = "automatic_async";
    }
    String paymentMethod = p.string("payment_method");
    if (paymentMethod != null) {
      TestCards.requireKnown(paymentMethod);
    }
    Map<String, String> metadata = Metadata.valid(p);
    boolean confirm = Boolean.TRUE.equals(p.bool("confirm"));
    if (confirm && paymentMethod == null) {
      throw ApiError.invalid(MISSING_PAYMENT_METHOD, "payment_method", "payment_intent_unexpected_state");
    }
    List<String> expand = Expansion.valid(p, "payment_intent");

    Records.PaymentIntent pi = store.identify(new Records.PaymentIntent(), "pi_", clock.epochSecond());
    pi.amount = amount;
    pi.currency = currency;
    pi.captureMethod = captureMethod;
    pi.paymentMethod = paymentMethod;
    pi.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
    if (metadata != null) {
      pi.metadata.putAll(Metadata.withoutEmptyValues(metadata));
    }
    pi.description = p.string("description");
    pi.customer = p.string("customer");
    pi.receiptEmail = p.string("receipt_email");
    pi.clientSecret = pi.id + "_secret_" + Ids.random(25);
    store.save(pi);
    events.emit("payment_intent.created", StripeJson.paymentIntent(pi), null, req);
    if (confirm) {
      process(pi, req);
    }
    return render(pi, expand);
  }

  JsonObject retrieve(String id, FormParams p, boolean publishable) {
    Records.PaymentIntent pi = existing(id);
    if (publishable) {
      p.allowOnly(Set.of("client_secret", "expand"));
      Validation.requireClientSecret(pi, p);
    }
    return render(pi, Expansion.valid(p, "payment_intent"));
  }

  JsonObject update(String id, FormParams p, Payments.RequestInfo req) {
    Records.PaymentIntent pi = existing(id);
    p.allowOnly(UPDATE_PARAMS);
    Map<String, String> metadata = Metadata.valid(p);
    List<String> expand = Expansion.valid(p, "payment_intent");
    Long amount = p.integer("amount");
    String currency = p.has("currency") ? Validation.requireCurrency(p) : null;
    String paymentMethod = p.string("payment_method");
    boolean changesPayment = amount != null || currency != null || paymentMethod != null || p.has("capture_method");
    if (changesPayment && !CONFIRMABLE.contains(pi.status)) {
      throw ApiError.unexpectedState(
          "You cannot update the amount, currency, capture_method or payment_method of this PaymentIntent"
              + " because it has a status of " + pi.status + ".",
          StripeJson.paymentIntent(pi));
    }
    if (amount != null) {
      Validation.validateAmount(amount, currency != null ? currency : pi.currency, "amount");
    }
    if (paymentMethod != null) {
      TestCards.requireKnown(paymentMethod);
    }
    String captureMethod = Validation.captureMethod(p, "Invalid capture_method");

    if (amount != null) {
      pi.amount = amount;
    }
    if (currency != null) {
      pi.currency = currency;
    }
    if (captureMethod != null) {
      pi.captureMethod = captureMethod;
    }
    if (paymentMethod != null) {
      pi.paymentMethod = paymentMethod;
      if (pi.status.equals("requires_payment_method")) {
        pi.status = "requires_confirmation";
      }
    }
    Metadata.apply(pi.metadata, metadata);
    if (p.has("description")) {
      pi.description = Validation.emptyToNull(p.string("description"));
    }
    if (p.has("receipt_email")) {
      pi.receiptEmail = Validation.emptyToNull(p.string("receipt_email"));
    }
    if (p.has("customer")) {
      pi.customer = Validation.emptyToNull(p.string("customer"));
    }
    store.save(pi);
    return render(pi, expand);
  }

  JsonObject confirm(String id, FormParams p, boolean publishable, Payments.RequestInfo req) {
    Records.PaymentIntent pi = existing(id);
    p.allowOnly(publishable ? CLIENT_CONFIRM_PARAMS : CONFIRM_PARAMS);
    if (publishable) {
      Validation.requireClientSecret(pi, p);
    }
    List<String> expand = Expansion.valid(p, "payment_intent");
    String paymentMethod = p.string("payment_method");
    if (paymentMethod != null) {
      TestCards.requireKnown(paymentMethod);
    }
    String captureMethod = Validation.captureMethod(p, "Invalid capture_method");
    if (!CONFIRMABLE.contains(pi.status)) {
      throw ApiError.unexpectedState(
          "You cannot confirm this PaymentIntent because it has a status of " + pi.status + ". Only a"
              + " PaymentIntent with one of the following statuses may be confirmed:"
              + " requires_confirmation, requires_payment_method, requires_action.",
          StripeJson.paymentIntent(pi));
    }
    if (paymentMethod == null && pi.paymentMethod == null) {
      throw ApiError.unexpectedState(MISSING_PAYMENT_METHOD, StripeJson.paymentIntent(pi));
    }
    if (paymentMethod != null) {
      pi.paymentMethod = paymentMethod;
    }
    if (captureMethod != null) {
      pi.captureMethod = captureMethod;
    }
    pi.lastPaymentError = null;
    pi.nextAction = null;
    process(pi, req);
    return render(pi, expand);
  }

  /** The simulated customer finishes (or fails) 3-D Secure for an intent in requires_action. */
  JsonObject completeAuthentication(String id, boolean succeed) {
    Records.PaymentIntent pi = existing(id);
    if (!pi.status.equals("requires_action")) {
      throw ApiError.unexpectedState(
          "This PaymentIntent has a status of " + pi.status + "; only requires_action awaits authentication.",
          StripeJson.paymentIntent(pi));
    }
    pi.nextAction = null;
    if (succeed) {
      authorize(pi, Payments.RequestInfo.NONE);
    } else {
      JsonObject error = new JsonObject();
      error.addProperty("type", "invalid_request_error");
      error.addProperty("code", "payment_intent_authentication_failure");
      error.addProperty(
          "message",
          "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a"
              + " new PaymentMethod to attempt to fulfill this PaymentIntent again.");
      error.add("payment_method", StripeJson.paymentMethod(pi.paymentMethod));
      pi.lastPaymentError = error;
      pi.paymentMethod = null;
      pi.status = "requires_payment_method";
      store.save(pi);
      events.emit("payment_intent.payment_failed", StripeJson.paymentIntent(pi), null, Payments.RequestInfo.NONE);
    }
    return StripeJson.paymentIntent(pi);
  }

  JsonObject capture(String id, FormParams p, Payments.RequestInfo req) {
    Records.PaymentIntent pi = existing(id);
    p.allowOnly(CAPTURE_PARAMS);
    List<String> expand = Expansion.valid(p, "payment_intent");
    Map<String, String> metadata = Metadata.valid(p);
    Long amountToCapture = p.integer("amount_to_capture");
    if (!pi.status.equals("requires_capture")) {
      throw ApiError.unexpectedState(
          "This PaymentIntent could not be captured because it has a status of " + pi.status + ". Only a"
              + " PaymentIntent with one of the following statuses may be captured: requires_capture.",
          StripeJson.paymentIntent(pi));
    }
    long amount = amountToCapture == null ? pi.amountCapturable : amountToCapture;
    if (amount <= 0) {
      throw ApiError.invalid(
          "Invalid amount_to_capture: must be a positive integer", "amount_to_capture", "parameter_invalid_integer");
    }
    if (amount > pi.amountCapturable) {
      throw ApiError.invalid(
          "The amount to capture (" + amount + ") is greater than the amount capturable ("
              + pi.amountCapturable + ") on this PaymentIntent.",
          "amount_to_capture",
          "amount_too_large");
    }
    JsonObject previous = new JsonObject();
    previous.addProperty("status", pi.status);
    previous.addProperty("amount_capturable", pi.amountCapturable);
    previous.addProperty("amount_received", pi.amountReceived);
    pi.amountReceived = amount;
    pi.amountCapturable = 0;
    pi.authorizedAtMillis = null;
    pi.status = "succeeded";
    Metadata.apply(pi.metadata, metadata);
    Records.Charge ch = store.charges.get(pi.latestCharge);
    ch.captured = true;
    ch.amountCaptured = amount;
    store.save(ch);
    store.save(pi);
    events.emit("payment_intent.succeeded", StripeJson.paymentIntent(pi), previous, req);
    disputes.openIfTheCardSaysSo(pi, ch);
    return render(pi, expand);
  }

  JsonObject cancel(String id, FormParams p, Payments.RequestInfo req) {
    Records.PaymentIntent pi = existing(id);
    p.allowOnly(CANCEL_PARAMS);
    List<String> expand = Expansion.valid(p, "payment_intent");
    String reason = p.string("cancellation_reason");
    if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
      throw ApiError.invalid(
          "Invalid cancellation_reason: must be one of duplicate, fraudulent, requested_by_customer, or abandoned",
          "cancellation_reason",
          "parameter_invalid_string");
    }
    if (!CANCELABLE.contains(pi.status)) {
      throw ApiError.unexpectedState(
          "You cannot cancel this PaymentIntent because it has a status of " + pi.status + ". Only a"
              + " PaymentIntent with one of the following statuses may be canceled: requires_payment_method,"
              + " requires_capture, requires_confirmation, requires_action, processing.",
          StripeJson.paymentIntent(pi));
    }
    cancel(pi, reason, req);
    return render(pi, expand);
  }

  /** Cancels every authorization older than the expiry window, as Stripe does after 7 days. */
  int expireAuthorizations() {
    long now = clock.millis();
    int expired = 0;
    for (Records.PaymentIntent pi : new ArrayList<>(store.intents.values())) {
      if (pi.status.equals("requires_capture")
          && pi.authorizedAtMillis != null
          && pi.authorizedAtMillis + authorizationExpiry.toMillis() <= now) {
        cancel(pi, "automatic", Payments.RequestInfo.NONE);
        expired++;
      }
    }
    return expired;
  }

  JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "customer", "expand"));
    String customer = p.string("customer");
    Predicate<Long> created = Listing.created(p);
    List<String> expand = Expansion.validForList(p, "payment_intent");
    return Listing.list(
        new ArrayList<>(store.intents.values()),
        pi -> created.test(pi.created) && (customer == null || customer.equals(pi.customer)),
        pi -> render(pi, expand),
        p,
        "/v1/payment_intents",
        "payment_intent");
  }

  JsonObject search(FormParams p) {
    p.allowOnly(Set.of("query", "limit", "page", "expand"));
    String query = p.string("query");
    if (query == null) {
      throw ApiError.missing("query");
    }
    Predicate<Records.PaymentIntent> matcher = SearchQuery.parse(query);
    int limit = Listing.limit(p);
    Listing.Cursor from = Listing.pageToken(p);
    List<String> expand = Expansion.validForList(p, "payment_intent");
    return Listing.search(
        new ArrayList<>(store.intents.values()), matcher, pi -> render(pi, expand), limit, from,
        "/v1/payment_intents/search");
  }

  /** The PaymentIntent whose id a path names; unknown is a 404. */
  Records.PaymentIntent existing(String id) {
    Records.PaymentIntent pi = store.intents.get(id);
    if (pi == null) {
      throw ApiError.notFound("No such payment_intent: '" + id + "'", "intent");
    }
    return pi;
  }

  private JsonObject render(Records.PaymentIntent pi, List<String> expand) {
    return expansion.expand(StripeJson.paymentIntent(pi), expand);
  }

  private void cancel(Records.PaymentIntent pi, String reason, Payments.RequestInfo req) {
    JsonObject previous = new JsonObject();
    previous.addProperty("status", pi.status);
    previous.addProperty("amount_capturable", pi.amountCapturable);
    if (pi.status.equals("requires_capture") && pi.latestCharge != null) {
      // Voiding an authorization releases it; Stripe shows the uncaptured charge as refunded.
      Records.Charge ch = store.charges.get(pi.latestCharge);
      ch.refunded = true;
      ch.amountRefunded = ch.amount;
      store.save(ch);
    }
    pi.status = "canceled";
    pi.canceledAt = clock.epochSecond();
    pi.cancellationReason = reason;
    pi.amountCapturable = 0;
    pi.nextAction = null;
    pi.authorizedAtMillis = null;
    store.save(pi);
    events.emit("payment_intent.canceled", StripeJson.paymentIntent(pi), previous, req);
  }

  // ---------------------------------------------------------------- Card processing

  private void process(Records.PaymentIntent pi, Payments.RequestInfo req) {
    switch (TestCards.behaviorOf(pi.paymentMethod)) {
      case AUTHORIZE, AUTHORIZE_THEN_DISPUTE -> authorize(pi, req);
      case REQUIRE_AUTHENTICATION -> {
        JsonObject sdk = new JsonObject();
        sdk.addProperty("type", "three_d_secure_redirect");
        sdk.addProperty("stripe_js", "/_sim/payment_intents/" + pi.id + "/authentication");
        JsonObject next = new JsonObject();
        next.addProperty("type", "use_stripe_sdk");
        next.add("use_stripe_sdk", sdk);
        pi.nextAction = next;
        pi.status = "requires_action";
        store.save(pi);
        events.emit("payment_intent.requires_action", StripeJson.paymentIntent(pi), null, req);
      }
      case DECLINE_GENERIC -> decline(pi, "generic_decline", "Your card was declined.", req);
      case DECLINE_INSUFFICIENT_FUNDS -> decline(pi, "insufficient_funds", "Your card has insufficient funds.", req);
    }
  }

  private void authorize(Records.PaymentIntent pi, Payments.RequestInfo req) {
    boolean manual = pi.captureMethod.equals("manual");
    Records.Charge ch = newCharge(pi, "succeeded");
    ch.captured = !manual;
    ch.amountCaptured = manual ? 0 : pi.amount;
    store.save(ch);
    pi.latestCharge = ch.id;
    pi.lastPaymentError = null;
    JsonObject previous = new JsonObject();
    previous.addProperty("status", pi.status);
    if (manual) {
      pi.status = "requires_capture";
      pi.amountCapturable = pi.amount;
      pi.authorizedAtMillis = clock.millis();
      store.save(pi);
      events.emit("payment_intent.amount_capturable_updated", StripeJson.paymentIntent(pi), previous, req);
    } else {
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      store.save(pi);
      events.emit("payment_intent.succeeded", StripeJson.paymentIntent(pi), previous, req);
      disputes.openIfTheCardSaysSo(pi, ch);
    }
  }

  private void decline(Records.PaymentIntent pi, String declineCode, String message, Payments.RequestInfo req) {
    Records.Charge ch = newCharge(pi, "failed");
    ch.failureCode = "card_declined";
    ch.failureMessage = message;
    ch.declineCode = declineCode;
    store.save(ch);
    JsonObject error = new JsonObject();
    error.addProperty("type", "card_error");
    error.addProperty("code", "card_declined");
    error.addProperty("decline_code", declineCode);
    error.addProperty("message", message);
    error.addProperty("charge", ch.id);
    error.add("payment_method", StripeJson.paymentMethod(pi.paymentMethod));
    pi.lastPaymentError = error;
    pi.latestCharge = ch.id;
    pi.paymentMethod = null;
    pi.status = "requires_payment_method";
    store.save(pi);
    events.emit("payment_intent.payment_failed", StripeJson.paymentIntent(pi), null, req);
    throw new ApiError(
        402, "card_error", "card_declined", declineCode, message, null, true, StripeJson.paymentIntent(pi), ch.id);
  }

  private Records.Charge newCharge(Records.PaymentIntent pi, String status) {
    Records.Charge ch = store.identify(new Records.Charge(), "ch_", clock.epochSecond());
    ch.amount = pi.amount;
    ch.currency = pi.currency;
    ch.status = status;
    ch.paymentIntent = pi.id;
    ch.paymentMethod = pi.paymentMethod;
    ch.metadata.putAll(pi.metadata);
    return ch;
  }
}
