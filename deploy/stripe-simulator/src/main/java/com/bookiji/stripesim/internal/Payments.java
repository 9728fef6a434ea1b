package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Stripe's payment objects and their state machine: PaymentIntents (manual or automatic capture),
 * their charges, refunds and the events every change emits. Each operation validates everything
 * first, so a rejected request changes nothing; then it mutates, journals and emits under one lock.
 */
public final class Payments {

  public static final String API_VERSION = "2026-07-29.dahlia";

  /** Who caused a change, echoed in {@code event.request}. */
  public record RequestInfo(String requestId, String idempotencyKey) {
    public static final RequestInfo NONE = new RequestInfo(null, null);
  }

  enum CardBehavior {
    AUTHORIZE,
    /** Authorizes; once the charge is captured the cardholder disputes it (Stripe's pm_card_createDispute). */
    AUTHORIZE_THEN_DISPUTE,
    DECLINE_GENERIC,
    DECLINE_INSUFFICIENT_FUNDS,
    REQUIRE_AUTHENTICATION
  }

  static final Map<String, CardBehavior> TEST_PAYMENT_METHODS =
      Map.of(
          "pm_card_visa", CardBehavior.AUTHORIZE,
          "pm_card_mastercard", CardBehavior.AUTHORIZE,
          "pm_card_amex", CardBehavior.AUTHORIZE,
          "pm_card_createDispute", CardBehavior.AUTHORIZE_THEN_DISPUTE,
          "pm_card_chargeDeclined", CardBehavior.DECLINE_GENERIC,
          "pm_card_visa_chargeDeclined", CardBehavior.DECLINE_GENERIC,
          "pm_card_visa_chargeDeclinedInsufficientFunds", CardBehavior.DECLINE_INSUFFICIENT_FUNDS,
          "pm_card_chargeDeclinedInsufficientFunds", CardBehavior.DECLINE_INSUFFICIENT_FUNDS,
          "pm_card_authenticationRequired", CardBehavior.REQUIRE_AUTHENTICATION,
          "pm_card_threeDSecure2Required", CardBehavior.REQUIRE_AUTHENTICATION);

  static final Set<String> CURRENCIES =
      Set.of(
          "usd", "eur", "gbp", "chf", "cad", "aud", "nzd", "jpy", "sek", "nok", "dkk", "pln", "czk",
          "huf", "ron", "bgn", "sgd", "hkd", "mxn", "brl", "inr", "zar", "aed", "ils", "thb", "myr");

  private static final Set<String> CANCELABLE =
      Set.of("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing");

  private static final Set<String> CONFIRMABLE =
      Set.of("requires_payment_method", "requires_confirmation", "requires_action");

  private static final Set<String> CANCELLATION_REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

  private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

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
  private static final Set<String> REFUND_PARAMS =
      Set.of(
          "payment_intent", "charge", "amount", "reason", "metadata", "expand", "instructions_email",
          "refund_application_fee", "reverse_transfer");

  private final Store store;
  private final SimClock clock;
  private final Duration authorizationExpiry;
  private final Consumer<Records.Event> publisher;

  public Payments(Store store, SimClock clock, Duration authorizationExpiry, Consumer<Records.Event> publisher) {
    this.store = store;
    this.clock = clock;
    this.authorizationExpiry = authorizationExpiry;
    this.publisher = publisher;
  }

  // ---------------------------------------------------------------- PaymentIntents

  public synchronized JsonObject createPaymentIntent(FormParams p, RequestInfo req) {
    p.allowOnly(CREATE_PARAMS);
    Long amount = p.integer("amount");
    if (amount == null) {
      throw ApiError.missing("amount");
    }
    String currency = requireCurrency(p);
    validateAmount(amount, currency, "amount");
    String captureMethod = p.string("capture_method");
    if (captureMethod == null) {
      captureMethod = "automatic_async";
    } else if (!Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
      throw ApiError.invalid(
          "Invalid capture_method: must be one of automatic, automatic_async, or manual",
          "capture_method",
          "parameter_invalid_string");
    }
    String paymentMethod = p.string("payment_method");
    if (paymentMethod != null) {
      requireKnownPaymentMethod(paymentMethod);
    }
    Map<String, String> metadata = validMetadata(p);
    boolean confirm = Boolean.TRUE.equals(p.bool("confirm"));
    if (confirm && paymentMethod == null) {
      throw ApiError.invalid(
          "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the"
              + " PaymentIntent, pass a payment_method.",
          "payment_method",
          "payment_intent_unexpected_state");
    }
    List<String> expand = validExpand(p, "payment_intent");

    Records.PaymentIntent pi = new Records.PaymentIntent();
    pi.id = Ids.next("pi_");
    pi.seq = store.nextSeq();
    pi.created = clock.epochSecond();
    pi.amount = amount;
    pi.currency = currency;
    pi.captureMethod = captureMethod;
    pi.paymentMethod = paymentMethod;
    pi.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
    if (metadata != null) {
      pi.metadata.putAll(withoutEmptyValues(metadata));
    }
    pi.description = p.string("description");
    pi.customer = p.string("customer");
    pi.receiptEmail = p.string("receipt_email");
    pi.clientSecret = pi.id + "_secret_" + Ids.random(25);
    store.save(pi);
    emit("payment_intent.created", piJson(pi), null, req);
    if (confirm) {
      process(pi, req);
    }
    return expand(piJson(pi), expand);
  }

  public synchronized JsonObject retrievePaymentIntent(String id, FormParams p, boolean publishable) {
    Records.PaymentIntent pi = intent(id, null);
    if (publishable) {
      p.allowOnly(Set.of("client_secret", "expand"));
      requireClientSecret(pi, p);
    }
    return expand(piJson(pi), validExpand(p, "payment_intent"));
  }

  public synchronized JsonObject updatePaymentIntent(String id, FormParams p, RequestInfo req) {
    Records.PaymentIntent pi = intent(id, null);
    p.allowOnly(UPDATE_PARAMS);
    Map<String, String> metadata = validMetadata(p);
    List<String> expand = validExpand(p, "payment_intent");
    Long amount = p.integer("amount");
    String currency = p.has("currency") ? requireCurrency(p) : null;
    String paymentMethod = p.string("payment_method");
    boolean changesPayment = amount != null || currency != null || paymentMethod != null || p.has("capture_method");
    if (changesPayment && !CONFIRMABLE.contains(pi.status)) {
      throw ApiError.unexpectedState(
          "You cannot update the amount, currency, capture_method or payment_method of this PaymentIntent"
              + " because it has a status of " + pi.status + ".",
          piJson(pi));
    }
    if (amount != null) {
      validateAmount(amount, currency != null ? currency : pi.currency, "amount");
    }
    if (paymentMethod != null) {
      requireKnownPaymentMethod(paymentMethod);
    }
    String captureMethod = p.string("capture_method");
    if (captureMethod != null && !Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
      throw ApiError.invalid("Invalid capture_method", "capture_method", "parameter_invalid_string");
    }

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
    applyMetadata(pi.metadata, metadata);
    if (p.has("description")) {
      pi.description = emptyToNull(p.string("description"));
    }
    if (p.has("receipt_email")) {
      pi.receiptEmail = emptyToNull(p.string("receipt_email"));
    }
    if (p.has("customer")) {
      pi.customer = emptyToNull(p.string("customer"));
    }
    store.save(pi);
    return expand(piJson(pi), expand);
  }

  public synchronized JsonObject confirmPaymentIntent(String id, FormParams p, boolean publishable, RequestInfo req) {
    Records.PaymentIntent pi = intent(id, null);
    p.allowOnly(publishable ? CLIENT_CONFIRM_PARAMS : CONFIRM_PARAMS);
    if (publishable) {
      requireClientSecret(pi, p);
    }
    List<String> expand = validExpand(p, "payment_intent");
    String paymentMethod = p.string("payment_method");
    if (paymentMethod != null) {
      requireKnownPaymentMethod(paymentMethod);
    }
    String captureMethod = p.string("capture_method");
    if (captureMethod != null && !Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
      throw ApiError.invalid("Invalid capture_method", "capture_method", "parameter_invalid_string");
    }
    if (!CONFIRMABLE.contains(pi.status)) {
      throw ApiError.unexpectedState(
          "You cannot confirm this PaymentIntent because it has a status of " + pi.status + ". Only a"
              + " PaymentIntent with one of the following statuses may be confirmed:"
              + " requires_confirmation, requires_payment_method, requires_action.",
          piJson(pi));
    }
    if (paymentMethod == null && pi.paymentMethod == null) {
      throw ApiError.unexpectedState(
          "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the"
              + " PaymentIntent, pass a payment_method.",
          piJson(pi));
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
    return expand(piJson(pi), expand);
  }

  /** The simulated customer finishes (or fails) 3-D Secure for an intent in requires_action. */
  public synchronized JsonObject completeAuthentication(String id, boolean succeed) {
    Records.PaymentIntent pi = intent(id, null);
    if (!pi.status.equals("requires_action")) {
      throw ApiError.unexpectedState(
          "This PaymentIntent has a status of " + pi.status + "; only requires_action awaits authentication.",
          piJson(pi));
    }
    pi.nextAction = null;
    if (succeed) {
      authorize(pi, RequestInfo.NONE);
    } else {
      JsonObject error = new JsonObject();
      error.addProperty("type", "invalid_request_error");
      error.addProperty("code", "payment_intent_authentication_failure");
      error.addProperty(
          "message",
          "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a"
              + " new PaymentMethod to attempt to fulfill this PaymentIntent again.");
      error.add("payment_method", paymentMethodJson(pi.paymentMethod));
      pi.lastPaymentError = error;
      pi.paymentMethod = null;
      pi.status = "requires_payment_method";
      store.save(pi);
      emit("payment_intent.payment_failed", piJson(pi), null, RequestInfo.NONE);
    }
    return piJson(pi);
  }

  public synchronized JsonObject capturePaymentIntent(String id, FormParams p, RequestInfo req) {
    Records.PaymentIntent pi = intent(id, null);
    p.allowOnly(CAPTURE_PARAMS);
    List<String> expand = validExpand(p, "payment_intent");
    Map<String, String> metadata = validMetadata(p);
    Long amountToCapture = p.integer("amount_to_capture");
    if (!pi.status.equals("requires_capture")) {
      throw ApiError.unexpectedState(
          "This PaymentIntent could not be captured because it has a status of " + pi.status + ". Only a"
              + " PaymentIntent with one of the following statuses may be captured: requires_capture.",
          piJson(pi));
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
    applyMetadata(pi.metadata, metadata);
    Records.Charge ch = store.charges.get(pi.latestCharge);
    ch.captured = true;
    ch.amountCaptured = amount;
    store.save(ch);
    store.save(pi);
    emit("payment_intent.succeeded", piJson(pi), previous, req);
    disputeIfTheCardSaysSo(pi, ch);
    return expand(piJson(pi), expand);
  }

  public synchronized JsonObject cancelPaymentIntent(String id, FormParams p, RequestInfo req) {
    Records.PaymentIntent pi = intent(id, null);
    p.allowOnly(CANCEL_PARAMS);
    List<String> expand = validExpand(p, "payment_intent");
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
          piJson(pi));
    }
    cancel(pi, reason, req);
    return expand(piJson(pi), expand);
  }

  private void cancel(Records.PaymentIntent pi, String reason, RequestInfo req) {
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
    emit("payment_intent.canceled", piJson(pi), previous, req);
  }

  /** Cancels every authorization older than the expiry window, as Stripe does after 7 days. */
  public synchronized int expireAuthorizations() {
    long now = clock.millis();
    int expired = 0;
    for (Records.PaymentIntent pi : new ArrayList<>(store.intents.values())) {
      if (pi.status.equals("requires_capture")
          && pi.authorizedAtMillis != null
          && pi.authorizedAtMillis + authorizationExpiry.toMillis() <= now) {
        cancel(pi, "automatic", RequestInfo.NONE);
        expired++;
      }
    }
    return expired;
  }

  public synchronized JsonObject listPaymentIntents(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "customer", "expand"));
    String customer = p.string("customer");
    Predicate<Long> created = createdFilter(p);
    List<String> expand = validExpand(p, "list:payment_intent");
    return page(
        new ArrayList<>(store.intents.values()),
        pi -> pi.id,
        pi -> pi.seq,
        pi -> created.test(pi.created) && (customer == null || customer.equals(pi.customer)),
        pi -> expand(piJson(pi), stripData(expand)),
        p,
        "/v1/payment_intents",
        "payment_intent");
  }

  public synchronized JsonObject searchPaymentIntents(FormParams p) {
    p.allowOnly(Set.of("query", "limit", "page", "expand"));
    String query = p.string("query");
    if (query == null) {
      throw ApiError.missing("query");
    }
    Predicate<Records.PaymentIntent> matcher = SearchQuery.parse(query);
    int limit = limit(p);
    String pageToken = p.string("page");
    long before = Long.MAX_VALUE;
    if (pageToken != null) {
      try {
        before = Long.parseLong(pageToken.substring("page_".length()));
      } catch (RuntimeException e) {
        throw ApiError.invalid("Invalid page: " + pageToken, "page", "parameter_invalid_string");
      }
    }
    List<String> expand = validExpand(p, "list:payment_intent");
    List<Records.PaymentIntent> matches = new ArrayList<>();
    for (Records.PaymentIntent pi : store.intents.values()) {
      if (pi.seq < before && matcher.test(pi)) {
        matches.add(pi);
      }
    }
    matches.sort(Comparator.comparingLong((Records.PaymentIntent pi) -> pi.seq).reversed());
    boolean hasMore = matches.size() > limit;
    List<Records.PaymentIntent> pageItems = matches.subList(0, Math.min(limit, matches.size()));
    JsonObject out = new JsonObject();
    out.addProperty("object", "search_result");
    JsonArray data = new JsonArray();
    pageItems.forEach(pi -> data.add(expand(piJson(pi), stripData(expand))));
    out.add("data", data);
    out.addProperty("has_more", hasMore);
    if (hasMore) {
      out.addProperty("next_page", "page_" + pageItems.get(pageItems.size() - 1).seq);
    } else {
      out.add("next_page", JsonNull.INSTANCE);
    }
    out.addProperty("url", "/v1/payment_intents/search");
    return out;
  }

  // ---------------------------------------------------------------- Refunds and charges

  public synchronized JsonObject createRefund(FormParams p, RequestInfo req) {
    p.allowOnly(REFUND_PARAMS);
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
      pi = intent(piId, "payment_intent");
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
    if (reason != null && !REFUND_REASONS.contains(reason)) {
      throw ApiError.invalid(
          "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
          "reason",
          "parameter_invalid_string");
    }
    Map<String, String> metadata = validMetadata(p);
    List<String> expand = validExpand(p, "refund");
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
    Records.Refund re = new Records.Refund();
    re.id = Ids.next("re_");
    re.seq = store.nextSeq();
    re.created = clock.epochSecond();
    re.amount = refundAmount;
    re.charge = ch.id;
    re.paymentIntent = ch.paymentIntent;
    re.currency = ch.currency;
    re.reason = reason;
    re.status = "succeeded";
    if (metadata != null) {
      re.metadata.putAll(withoutEmptyValues(metadata));
    }
    store.save(re);
    JsonObject previous = new JsonObject();
    previous.addProperty("amount_refunded", ch.amountRefunded);
    previous.addProperty("refunded", ch.refunded);
    ch.amountRefunded += refundAmount;
    ch.refunded = ch.amountRefunded >= ch.amountCaptured;
    store.save(ch);
    // Stripe's pair for a card refund: the charge (amount_refunded moved) and the refund itself.
    emit("charge.refunded", chargeJson(ch), previous, req);
    emit("refund.created", refundJson(re), null, req);
    return expand(refundJson(re), expand);
  }

  /** {@code POST /v1/refunds/{id}}: metadata only, as Stripe allows; emits the refund's update events. */
  public synchronized JsonObject updateRefund(String id, FormParams p, RequestInfo req) {
    p.allowOnly(Set.of("metadata", "expand"));
    Records.Refund re = store.refunds.get(id);
    if (re == null) {
      throw ApiError.notFound("No such refund: '" + id + "'", "id");
    }
    Map<String, String> metadata = validMetadata(p);
    List<String> expand = validExpand(p, "refund");
    if (metadata != null) {
      JsonObject previous = new JsonObject();
      previous.add("metadata", stringMapJson(re.metadata));
      applyMetadata(re.metadata, metadata);
      store.save(re);
      emit("charge.refund.updated", refundJson(re), previous, req);
      emit("refund.updated", refundJson(re), previous, req);
    }
    return expand(refundJson(re), expand);
  }

  public synchronized JsonObject retrieveRefund(String id, FormParams p) {
    Records.Refund re = store.refunds.get(id);
    if (re == null) {
      throw ApiError.notFound("No such refund: '" + id + "'", "id");
    }
    return expand(refundJson(re), validExpand(p, "refund"));
  }

  public synchronized JsonObject listRefunds(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "payment_intent", "charge", "expand"));
    String piId = p.string("payment_intent");
    String chargeId = p.string("charge");
    Predicate<Long> created = createdFilter(p);
    List<String> expand = validExpand(p, "list:refund");
    return page(
        new ArrayList<>(store.refunds.values()),
        re -> re.id,
        re -> re.seq,
        re -> created.test(re.created)
            && (piId == null || piId.equals(re.paymentIntent))
            && (chargeId == null || chargeId.equals(re.charge)),
        re -> expand(refundJson(re), stripData(expand)),
        p,
        "/v1/refunds",
        "refund");
  }

  public synchronized JsonObject retrieveCharge(String id, FormParams p) {
    Records.Charge ch = store.charges.get(id);
    if (ch == null) {
      throw ApiError.notFound("No such charge: '" + id + "'", "id");
    }
    return expand(chargeJson(ch), validExpand(p, "charge"));
  }

  public synchronized JsonObject listCharges(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "payment_intent", "customer", "expand"));
    String piId = p.string("payment_intent");
    Predicate<Long> created = createdFilter(p);
    List<String> expand = validExpand(p, "list:charge");
    return page(
        new ArrayList<>(store.charges.values()),
        ch -> ch.id,
        ch -> ch.seq,
        ch -> created.test(ch.created) && (piId == null || piId.equals(ch.paymentIntent)),
        ch -> expand(chargeJson(ch), stripData(expand)),
        p,
        "/v1/charges",
        "charge");
  }

  // ---------------------------------------------------------------- Disputes

  /** The cardholder's bank disputes a captured charge: the funds are withdrawn at once. */
  private void disputeIfTheCardSaysSo(Records.PaymentIntent pi, Records.Charge ch) {
    if (TEST_PAYMENT_METHODS.get(pi.paymentMethod) != CardBehavior.AUTHORIZE_THEN_DISPUTE) {
      return;
    }
    Records.Dispute dp = new Records.Dispute();
    dp.id = Ids.next("dp_");
    dp.seq = store.nextSeq();
    dp.created = clock.epochSecond();
    dp.amount = ch.amountCaptured;
    dp.currency = ch.currency;
    dp.charge = ch.id;
    dp.paymentIntent = pi.id;
    dp.reason = "fraudulent";
    dp.status = "needs_response";
    store.save(dp);
    ch.disputed = true;
    store.save(ch);
    emit("charge.dispute.created", disputeJson(dp), null, RequestInfo.NONE);
    emit("charge.dispute.funds_withdrawn", disputeJson(dp), null, RequestInfo.NONE);
  }

  public synchronized JsonObject retrieveDispute(String id) {
    return disputeJson(dispute(id));
  }

  public synchronized JsonObject listDisputes(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "charge", "payment_intent", "expand"));
    String piId = p.string("payment_intent");
    String chargeId = p.string("charge");
    Predicate<Long> created = createdFilter(p);
    return page(
        new ArrayList<>(store.disputes.values()),
        dp -> dp.id,
        dp -> dp.seq,
        dp -> created.test(dp.created)
            && (piId == null || piId.equals(dp.paymentIntent))
            && (chargeId == null || chargeId.equals(dp.charge)),
        Payments::disputeJson,
        p,
        "/v1/disputes",
        "dispute");
  }

  /**
   * Evidence and metadata. As in Stripe's test mode, submitted evidence whose text is
   * {@code winning_evidence} wins the dispute (funds reinstated), {@code losing_evidence} loses it.
   */
  public synchronized JsonObject updateDispute(String id, FormParams p, RequestInfo req) {
    p.allowOnly(Set.of("evidence", "metadata", "submit", "expand"));
    Records.Dispute dp = dispute(id);
    Map<String, String> metadata = validMetadata(p);
    Map<String, String> evidence = p.stringMap("evidence");
    Boolean submit = p.bool("submit");
    requireOpen(dp);
    JsonObject previous = new JsonObject();
    previous.addProperty("status", dp.status);
    applyMetadata(dp.metadata, metadata);
    if (evidence != null && evidence.containsKey("uncategorized_text")) {
      dp.evidenceText = evidence.get("uncategorized_text");
    }
    boolean submitted = submit == null || submit;
    if (submitted && evidence != null) {
      dp.submissionCount++;
      dp.status = "under_review";
    }
    store.save(dp);
    emit("charge.dispute.updated", disputeJson(dp), previous, req);
    if (submitted && "winning_evidence".equals(dp.evidenceText)) {
      close(dp, "won", req);
    } else if (submitted && "losing_evidence".equals(dp.evidenceText)) {
      close(dp, "lost", req);
    }
    return disputeJson(dp);
  }

  /** Accepting the dispute: the merchant gives up, the dispute is lost. */
  public synchronized JsonObject closeDispute(String id, FormParams p, RequestInfo req) {
    p.allowOnly(Set.of("expand"));
    Records.Dispute dp = dispute(id);
    requireOpen(dp);
    close(dp, "lost", req);
    return disputeJson(dp);
  }

  private void close(Records.Dispute dp, String outcome, RequestInfo req) {
    JsonObject previous = new JsonObject();
    previous.addProperty("status", dp.status);
    dp.status = outcome;
    store.save(dp);
    emit("charge.dispute.closed", disputeJson(dp), previous, req);
    if (outcome.equals("won")) {
      Records.Charge ch = store.charges.get(dp.charge);
      ch.disputed = false; // the funds are back: the charge can be refunded again
      store.save(ch);
      emit("charge.dispute.funds_reinstated", disputeJson(dp), null, req);
    }
  }

  private static void requireOpen(Records.Dispute dp) {
    if (dp.status.equals("won") || dp.status.equals("lost")) {
      throw ApiError.stateError("dispute_already_closed", "This dispute is already closed (" + dp.status + ").", null);
    }
  }

  private Records.Dispute dispute(String id) {
    Records.Dispute dp = store.disputes.get(id);
    if (dp == null) {
      throw ApiError.notFound("No such dispute: '" + id + "'", "dispute");
    }
    return dp;
  }

  static JsonObject disputeJson(Records.Dispute dp) {
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
    o.add("metadata", stringMapJson(dp.metadata));
    o.addProperty("payment_intent", dp.paymentIntent);
    o.addProperty("reason", dp.reason);
    o.addProperty("status", dp.status);
    return o;
  }

  // ---------------------------------------------------------------- Events

  public synchronized JsonObject retrieveEvent(String id) {
    Records.Event ev;
    synchronized (store) {
      ev = store.events.get(id);
    }
    if (ev == null) {
      throw ApiError.notFound("No such event: '" + id + "'", "id");
    }
    return eventJson(ev);
  }

  public synchronized JsonObject listEvents(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "type", "types", "delivery_success", "expand"));
    String type = p.string("type");
    List<String> types = p.stringList("types");
    Predicate<Long> created = createdFilter(p);
    List<Records.Event> all;
    synchronized (store) {
      all = new ArrayList<>(store.events.values());
    }
    return page(
        all,
        ev -> ev.id,
        ev -> ev.seq,
        ev -> created.test(ev.created)
            && (type == null || typeMatches(type, ev.type))
            && (types.isEmpty() || types.stream().anyMatch(t -> typeMatches(t, ev.type))),
        Payments::eventJson,
        p,
        "/v1/events",
        "event");
  }

  public static boolean typeMatches(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
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
    store.intents.values().forEach(pi -> out.add(expand(piJson(pi), List.of("latest_charge"))));
    return out;
  }

  public synchronized JsonObject allObjects() {
    JsonObject out = new JsonObject();
    out.add("payment_intents", allPaymentIntents());
    JsonArray charges = new JsonArray();
    store.charges.values().forEach(ch -> charges.add(chargeJson(ch)));
    out.add("charges", charges);
    JsonArray refunds = new JsonArray();
    store.refunds.values().forEach(re -> refunds.add(refundJson(re)));
    out.add("refunds", refunds);
    JsonArray disputes = new JsonArray();
    store.disputes.values().forEach(dp -> disputes.add(disputeJson(dp)));
    out.add("disputes", disputes);
    JsonArray events = new JsonArray();
    synchronized (store) {
      store.events.values().forEach(ev -> events.add(eventJson(ev)));
    }
    out.add("events", events);
    return out;
  }

  // ---------------------------------------------------------------- Card processing

  private void process(Records.PaymentIntent pi, RequestInfo req) {
    CardBehavior behavior = TEST_PAYMENT_METHODS.get(pi.paymentMethod);
    switch (behavior) {
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
        emit("payment_intent.requires_action", piJson(pi), null, req);
      }
      case DECLINE_GENERIC -> decline(pi, "generic_decline", "Your card was declined.", req);
      case DECLINE_INSUFFICIENT_FUNDS -> decline(pi, "insufficient_funds", "Your card has insufficient funds.", req);
    }
  }

  private void authorize(Records.PaymentIntent pi, RequestInfo req) {
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
      emit("payment_intent.amount_capturable_updated", piJson(pi), previous, req);
    } else {
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      store.save(pi);
      emit("payment_intent.succeeded", piJson(pi), previous, req);
      disputeIfTheCardSaysSo(pi, ch);
    }
  }

  private void decline(Records.PaymentIntent pi, String declineCode, String message, RequestInfo req) {
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
    error.add("payment_method", paymentMethodJson(pi.paymentMethod));
    pi.lastPaymentError = error;
    pi.latestCharge = ch.id;
    pi.paymentMethod = null;
    pi.status = "requires_payment_method";
    store.save(pi);
    emit("payment_intent.payment_failed", piJson(pi), null, req);
    throw new ApiError(402, "card_error", "card_declined", declineCode, message, null, true, piJson(pi), ch.id);
  }

  private Records.Charge newCharge(Records.PaymentIntent pi, String status) {
    Records.Charge ch = new Records.Charge();
    ch.id = Ids.next("ch_");
    ch.seq = store.nextSeq();
    ch.created = clock.epochSecond();
    ch.amount = pi.amount;
    ch.currency = pi.currency;
    ch.status = status;
    ch.paymentIntent = pi.id;
    ch.paymentMethod = pi.paymentMethod;
    ch.metadata.putAll(pi.metadata);
    return ch;
  }

  private void emit(String type, JsonObject object, JsonObject previous, RequestInfo req) {
    Records.Event ev = new Records.Event();
    ev.id = Ids.next("evt_");
    ev.seq = store.nextSeq();
    ev.created = clock.epochSecond();
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

  // ---------------------------------------------------------------- Validation

  private Records.PaymentIntent intent(String id, String param) {
    Records.PaymentIntent pi = store.intents.get(id);
    if (pi == null) {
      if (param != null) {
        throw ApiError.invalid("No such payment_intent: '" + id + "'", param, "resource_missing");
      }
      throw ApiError.notFound("No such payment_intent: '" + id + "'", "intent");
    }
    return pi;
  }

  private static void requireClientSecret(Records.PaymentIntent pi, FormParams p) {
    String secret = p.string("client_secret");
    if (secret == null) {
      throw ApiError.missing("client_secret");
    }
    if (!secret.equals(pi.clientSecret)) {
      throw ApiError.invalid(
          "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
          "client_secret",
          "payment_intent_invalid_parameter");
    }
  }

  private static String requireCurrency(FormParams p) {
    String currency = p.string("currency");
    if (currency == null) {
      throw ApiError.missing("currency");
    }
    String lower = currency.toLowerCase(Locale.ROOT);
    if (!CURRENCIES.contains(lower)) {
      throw ApiError.invalid(
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", CURRENCIES.stream().sorted().toList()),
          "currency",
          "parameter_invalid_string");
    }
    return lower;
  }

  private static void validateAmount(long amount, String currency, String param) {
    // Stripe's minimums differ per currency (50 cents, ¥50, 30 pence...); 50 units is close enough here.
    long minimum = 50;
    if (amount < minimum) {
      throw ApiError.invalid(
          "Amount must be at least " + minimum + " in the smallest currency unit (" + currency + ")",
          param,
          "amount_too_small");
    }
    if (amount > 99_999_999L) {
      throw ApiError.invalid("Amount must be no more than 99999999", param, "amount_too_large");
    }
  }

  private static void requireKnownPaymentMethod(String paymentMethod) {
    if (!TEST_PAYMENT_METHODS.containsKey(paymentMethod)) {
      throw ApiError.invalid("No such PaymentMethod: '" + paymentMethod + "'", "payment_method", "resource_missing");
    }
  }

  static Map<String, String> validMetadata(FormParams p) {
    Map<String, String> metadata = p.stringMap("metadata");
    if (metadata == null) {
      return null;
    }
    if (metadata.size() > 50) {
      throw ApiError.invalid("Invalid metadata: at most 50 keys", "metadata", "parameter_invalid_object");
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().length() > 40) {
        throw ApiError.invalid(
            "Invalid metadata: keys can be at most 40 characters", "metadata", "parameter_invalid_object");
      }
      if (e.getValue().length() > 500) {
        throw ApiError.invalid(
            "Invalid metadata: values can be at most 500 characters", "metadata", "parameter_invalid_object");
      }
    }
    return metadata;
  }

  /** Stripe's update semantics: an empty metadata hash clears, an empty value unsets one key. */
  static void applyMetadata(Map<String, String> target, Map<String, String> update) {
    if (update == null) {
      return;
    }
    if (update.isEmpty()) {
      target.clear();
      return;
    }
    update.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            target.remove(k);
          } else {
            target.put(k, v);
          }
        });
  }

  private static Map<String, String> withoutEmptyValues(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static final Map<String, Set<String>> EXPANDABLE =
      Map.of(
          "payment_intent", Set.of("latest_charge", "payment_method"),
          "charge", Set.of("payment_intent"),
          "refund", Set.of("charge", "payment_intent"));

  private static List<String> validExpand(FormParams p, String objectType) {
    List<String> expand = p.stringList("expand");
    boolean list = objectType.startsWith("list:");
    Set<String> allowed = EXPANDABLE.get(list ? objectType.substring(5) : objectType);
    for (String e : expand) {
      String field = e;
      if (list) {
        if (!e.startsWith("data.")) {
          throw ApiError.invalid("This property cannot be expanded (" + e + ").", "expand", "parameter_invalid_string");
        }
        field = e.substring(5);
      }
      if (!allowed.contains(field)) {
        throw ApiError.invalid("This property cannot be expanded (" + e + ").", "expand", "parameter_invalid_string");
      }
    }
    return expand;
  }

  private static List<String> stripData(List<String> expand) {
    return expand.stream().map(e -> e.substring(5)).toList();
  }

  private JsonObject expand(JsonObject object, List<String> expand) {
    for (String field : expand) {
      JsonElement ref = object.get(field);
      if (ref == null || !ref.isJsonPrimitive()) {
        continue;
      }
      String id = ref.getAsString();
      JsonObject expanded =
          switch (field) {
            case "latest_charge", "charge" -> store.charges.containsKey(id) ? chargeJson(store.charges.get(id)) : null;
            case "payment_intent" -> store.intents.containsKey(id) ? piJson(store.intents.get(id)) : null;
            case "payment_method" -> paymentMethodJson(id);
            default -> null;
          };
      if (expanded != null) {
        object.add(field, expanded);
      }
    }
    return object;
  }

  // ---------------------------------------------------------------- Lists

  private static int limit(FormParams p) {
    Long limit = p.integer("limit");
    if (limit == null) {
      return 10;
    }
    if (limit < 1 || limit > 100) {
      throw ApiError.invalid("Invalid limit: must be between 1 and 100", "limit", "parameter_invalid_integer");
    }
    return limit.intValue();
  }

  private static Predicate<Long> createdFilter(FormParams p) {
    Object raw = p.raw("created");
    if (raw == null) {
      return c -> true;
    }
    if (raw instanceof String) {
      long exact = p.integer("created");
      return c -> c == exact;
    }
    Map<String, Object> ops = p.map("created");
    if (ops == null) {
      throw ApiError.invalid("Invalid created", "created", "parameter_invalid_object");
    }
    Predicate<Long> result = c -> true;
    for (Map.Entry<String, Object> e : ops.entrySet()) {
      long bound;
      try {
        bound = Long.parseLong(String.valueOf(e.getValue()));
      } catch (NumberFormatException ex) {
        throw ApiError.invalid("Invalid integer: " + e.getValue(), "created[" + e.getKey() + "]", "parameter_invalid_integer");
      }
      Predicate<Long> op =
          switch (e.getKey()) {
            case "gt" -> c -> c > bound;
            case "gte" -> c -> c >= bound;
            case "lt" -> c -> c < bound;
            case "lte" -> c -> c <= bound;
            default -> throw ApiError.invalid(
                "Received unknown parameter: created[" + e.getKey() + "]", "created", "parameter_unknown");
          };
      result = result.and(op);
    }
    return result;
  }

  /** Stripe's cursor pagination: newest first; starting_after walks older, ending_before walks newer. */
  static <T> JsonObject page(
      List<T> all,
      Function<T, String> idOf,
      Function<T, Long> seqOf,
      Predicate<T> filter,
      Function<T, JsonObject> render,
      FormParams p,
      String url,
      String objectName) {
    int limit = limit(p);
    String startingAfter = p.string("starting_after");
    String endingBefore = p.string("ending_before");
    if (startingAfter != null && endingBefore != null) {
      throw ApiError.invalid(
          "You may only specify one of these parameters: starting_after, ending_before.",
          "ending_before",
          "parameter_invalid_string");
    }
    List<T> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(seqOf).reversed());
    List<T> items = new ArrayList<>();
    boolean hasMore;
    if (endingBefore != null) {
      Long cursor = cursorSeq(sorted, idOf, seqOf, endingBefore, "ending_before", objectName);
      List<T> newer = sorted.stream().filter(t -> seqOf.apply(t) > cursor).filter(filter).toList();
      int from = Math.max(0, newer.size() - limit);
      items.addAll(newer.subList(from, newer.size()));
      hasMore = from > 0;
    } else {
      Long cursor =
          startingAfter == null ? Long.MAX_VALUE : cursorSeq(sorted, idOf, seqOf, startingAfter, "starting_after", objectName);
      List<T> older = sorted.stream().filter(t -> seqOf.apply(t) < cursor).filter(filter).toList();
      items.addAll(older.subList(0, Math.min(limit, older.size())));
      hasMore = older.size() > limit;
    }
    JsonObject out = new JsonObject();
    out.addProperty("object", "list");
    JsonArray data = new JsonArray();
    items.forEach(t -> data.add(render.apply(t)));
    out.add("data", data);
    out.addProperty("has_more", hasMore);
    out.addProperty("url", url);
    return out;
  }

  private static <T> Long cursorSeq(
      List<T> sorted, Function<T, String> idOf, Function<T, Long> seqOf, String id, String param, String objectName) {
    for (T t : sorted) {
      if (idOf.apply(t).equals(id)) {
        return seqOf.apply(t);
      }
    }
    throw ApiError.invalid("No such " + objectName + ": '" + id + "'", param, "resource_missing");
  }

  // ---------------------------------------------------------------- Rendering in Stripe's shapes

  JsonObject piJson(Records.PaymentIntent pi) {
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
    o.add("metadata", stringMapJson(pi.metadata));
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

  static JsonObject chargeJson(Records.Charge ch) {
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
    o.add("metadata", stringMapJson(ch.metadata));
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

  static JsonObject refundJson(Records.Refund re) {
    JsonObject o = new JsonObject();
    o.addProperty("id", re.id);
    o.addProperty("object", "refund");
    o.addProperty("amount", re.amount);
    o.add("balance_transaction", JsonNull.INSTANCE);
    o.addProperty("charge", re.charge);
    o.addProperty("created", re.created);
    o.addProperty("currency", re.currency);
    o.add("metadata", stringMapJson(re.metadata));
    o.addProperty("payment_intent", re.paymentIntent);
    o.addProperty("reason", re.reason);
    o.add("receipt_number", JsonNull.INSTANCE);
    o.addProperty("status", re.status);
    return o;
  }

  public static JsonObject eventJson(Records.Event ev) {
    JsonObject o = new JsonObject();
    o.addProperty("id", ev.id);
    o.addProperty("object", "event");
    o.addProperty("api_version", API_VERSION);
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

  static JsonObject paymentMethodJson(String id) {
    if (id == null) {
      return null;
    }
    JsonObject card = new JsonObject();
    String brand = id.contains("mastercard") ? "mastercard" : id.contains("amex") ? "amex" : "visa";
    card.addProperty("brand", brand);
    card.addProperty("last4", switch (TEST_PAYMENT_METHODS.getOrDefault(id, CardBehavior.AUTHORIZE)) {
      case AUTHORIZE -> "4242";
      case AUTHORIZE_THEN_DISPUTE -> "0259";
      case DECLINE_GENERIC -> "0002";
      case DECLINE_INSUFFICIENT_FUNDS -> "9995";
      case REQUIRE_AUTHENTICATION -> "3184";
    });
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

  static JsonObject stringMapJson(Map<String, String> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }
}
