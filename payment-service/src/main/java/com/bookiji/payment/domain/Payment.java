package com.bookiji.payment.domain;

import static com.bookiji.payment.domain.PaymentStatus.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One payment attempt of a reservation: one PaymentIntent at Stripe. Immutable; every method
 * returns the next state plus the facts to publish. Guards make each fact happen at most once: a
 * repeated or stale observation of Stripe leaves the payment unchanged and publishes nothing.
 */
public record Payment(
    Long id,
    String reservationId,
    int attempt,
    String requesterId,
    long amountMinor,
    String currency,
    PaymentStatus status,
    String paymentIntentId,
    String clientSecret,
    long amountCapturedMinor,
    long amountRefundedMinor,
    int refundCount,
    PaymentOperation parkedOperation,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant authorizedAt) {

  public Payment {
    Objects.requireNonNull(reservationId, "reservationId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amountMinor must be positive");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    if (status == PARKED && parkedOperation == null) {
      throw new IllegalArgumentException("a parked payment names its operation");
    }
  }

  public static Payment start(String reservationId, int attempt, String requesterId,
      long amountMinor, String currency, Instant now) {
    return new Payment(null, reservationId, attempt, requesterId, amountMinor,
        currency.toLowerCase(java.util.Locale.ROOT), AUTHORIZATION_PENDING, null, null, 0, 0, 0,
        null, null, now, now, null);
  }

  /** The operation the payment is waiting for, if any (also for a parked one). */
  public PaymentOperation pendingOperation() {
    return switch (status) {
      case AUTHORIZATION_PENDING -> PaymentOperation.AUTHORIZE;
      case CAPTURE_PENDING -> PaymentOperation.CAPTURE;
      case VOID_PENDING -> PaymentOperation.VOID;
      case REFUND_PENDING -> PaymentOperation.REFUND;
      case PARKED -> parkedOperation;
      default -> null;
    };
  }

  public long capturedRemainingMinor() {
    return amountCapturedMinor - amountRefundedMinor;
  }

  // ---- observations of Stripe (source of truth) ---------------------------------------------

  /**
   * Converges to what Stripe says about the intent. Monotone: an authorization is never
   * un-authorized, a capture never un-captured; only facts not yet published are published.
   */
  public Transition observe(IntentSnapshot intent, Instant now) {
    Payment withIntent = paymentIntentId == null
        ? with(status, now).withIntent(intent.id(), intent.clientSecret())
        : this;
    return switch (intent.status()) {
      case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING ->
          withIntent.observeAwaitingCustomer(intent, now);
      case REQUIRES_CAPTURE -> withIntent.observeAuthorized(intent, now);
      case SUCCEEDED -> withIntent.observeCaptured(intent, now);
      case CANCELED -> withIntent.observeCanceled(intent, now);
    };
  }

  private boolean awaitingAuthorization() {
    return status == AUTHORIZATION_PENDING || status == AWAITING_CUSTOMER
        || (status == PARKED && parkedOperation == PaymentOperation.AUTHORIZE);
  }

  private Transition observeAwaitingCustomer(IntentSnapshot intent, Instant now) {
    if (!awaitingAuthorization()) {
      return Transition.unchanged(this);
    }
    if (intent.status() == IntentStatus.REQUIRES_PAYMENT_METHOD && intent.hasPaymentError()) {
      FailureReason reason = FailureReason.fromProviderCode(intent.lastErrorCode());
      Payment failed = with(AUTHORIZATION_FAILED, now).withError(intent.lastErrorMessage());
      return Transition.to(failed, new PaymentEvent.AuthorizationFailed(reservationId,
          intent.id(), reason, intent.lastDeclineCode(), intent.lastErrorMessage()));
    }
    if (status == AWAITING_CUSTOMER) {
      return Transition.unchanged(this);
    }
    Payment awaiting = with(AWAITING_CUSTOMER, now);
    return Transition.to(awaiting, new PaymentEvent.AuthorizationStarted(reservationId,
        intent.id(), intent.clientSecret(), amountMinor, currency));
  }

  private Transition observeAuthorized(IntentSnapshot intent, Instant now) {
    // A late success after a decline is still a success: the saga compensates it (void).
    if (!awaitingAuthorization() && status != AUTHORIZATION_FAILED) {
      return Transition.unchanged(this);
    }
    Payment authorized = new Payment(id, reservationId, attempt, requesterId, amountMinor,
        currency, AUTHORIZED, paymentIntentId, clientSecret, 0, 0, 0, null, null, createdAt, now,
        now);
    return Transition.to(authorized, new PaymentEvent.Authorized(reservationId, intent.id(),
        intent.amountMinor(), currency));
  }

  private Transition observeCaptured(IntentSnapshot intent, Instant now) {
    if (status.isCaptured()) {
      return Transition.unchanged(this);
    }
    long captured = intent.amountReceivedMinor() > 0 ? intent.amountReceivedMinor()
        : intent.amountMinor();
    Payment capturedPayment = new Payment(id, reservationId, attempt, requesterId, amountMinor,
        currency, CAPTURED, paymentIntentId, clientSecret, captured, 0, 0, null, null, createdAt,
        now, authorizedAt == null ? now : authorizedAt);
    return Transition.to(capturedPayment, new PaymentEvent.Captured(reservationId, intent.id(),
        captured, currency, intent.latestChargeId()));
  }

  private Transition observeCanceled(IntentSnapshot intent, Instant now) {
    if (status == VOIDED || status == AUTHORIZATION_EXPIRED || status.isCaptured()) {
      return Transition.unchanged(this);
    }
    boolean voidRequested = status == VOID_PENDING
        || (status == PARKED && parkedOperation == PaymentOperation.VOID);
    if (intent.expiredByProvider() && !voidRequested) {
      Payment expired = with(AUTHORIZATION_EXPIRED, now);
      if (status == CAPTURE_PENDING
          || (status == PARKED && parkedOperation == PaymentOperation.CAPTURE)) {
        return Transition.to(expired,
            new PaymentEvent.AuthorizationExpired(reservationId, intent.id()),
            new PaymentEvent.CaptureFailed(reservationId, intent.id(),
                FailureReason.INVALID_REQUEST, "authorization expired before capture"));
      }
      return Transition.to(expired,
          new PaymentEvent.AuthorizationExpired(reservationId, intent.id()));
    }
    return Transition.to(with(VOIDED, now), new PaymentEvent.Voided(reservationId, intent.id()));
  }

  /**
   * Whether a PaymentIntent event of {@code eventType} can teach this payment nothing: it reports
   * a settled state the payment has already recorded (a capture whose response came before its
   * webhook, a void, an expiry). Only then may the webhook be taken as delivered without
   * retrieving the intent; any other event is checked against Stripe's current intent.
   */
  public boolean alreadyReflects(String eventType) {
    return switch (eventType) {
      case "payment_intent.succeeded" -> status == CAPTURED || status == REFUND_PENDING
          || status == PARTIALLY_REFUNDED || status == REFUNDED;
      case "payment_intent.canceled" -> status == VOIDED || status == AUTHORIZATION_EXPIRED;
      default -> false;
    };
  }

  // ---- our own requests ------------------------------------------------------------------------

  public boolean canCapture() {
    return status == AUTHORIZED || status == CAPTURE_PENDING
        || (status == PARKED && parkedOperation == PaymentOperation.CAPTURE);
  }

  /**
   * The refusal of a capture of {@code requestedMinor}, when it is outside 1..the authorized
   * amount; empty when the amount can be captured.
   */
  public Optional<PaymentEvent.CaptureFailed> refuseCaptureOf(long requestedMinor) {
    if (requestedMinor > 0 && requestedMinor <= amountMinor) {
      return Optional.empty();
    }
    return Optional.of(new PaymentEvent.CaptureFailed(reservationId, paymentIntentId,
        FailureReason.INVALID_REQUEST,
        "capture amount " + requestedMinor + " outside 1.." + amountMinor));
  }

  public Payment beginCapture(Instant now) {
    requireState(canCapture(), "capture");
    return with(CAPTURE_PENDING, now);
  }

  /** The capture failed for good while the authorization still stands. */
  public Transition captureFailed(FailureReason reason, String detail, Instant now) {
    return Transition.to(with(AUTHORIZED, now).withError(detail),
        new PaymentEvent.CaptureFailed(reservationId, paymentIntentId, reason, detail));
  }

  /**
   * Whether a void can still act: money may be held on the card. A payment parked while refunding
   * was captured, so there is nothing to void (the saga refunds it).
   */
  public boolean canVoid() {
    if (status == PARKED) {
      return parkedOperation != PaymentOperation.REFUND;
    }
    return VOIDABLE.contains(status);
  }

  public Payment beginVoid(Instant now) {
    requireState(canVoid(), "void");
    return with(VOID_PENDING, now);
  }

  /** Nothing was ever created at Stripe for this attempt, so there is nothing to void. */
  public Transition voidedWithoutIntent(Instant now) {
    requireState(paymentIntentId == null, "void without intent");
    return Transition.to(with(VOIDED, now), new PaymentEvent.Voided(reservationId, null));
  }

  public boolean canRefund() {
    return status == CAPTURED || status == PARTIALLY_REFUNDED || status == REFUND_PENDING
        || (status == PARKED && parkedOperation == PaymentOperation.REFUND);
  }

  /** What a refund request returns: the amount it names, or when it names none the whole rest. */
  public long refundAmount(Long requestedMinor) {
    return requestedMinor == null ? capturedRemainingMinor() : requestedMinor;
  }

  /**
   * The refusal of a refund of {@code amountMinor}, when it is outside 1..what stays captured;
   * empty when the amount can be refunded.
   */
  public Optional<PaymentEvent.RefundFailed> refuseRefundOf(long amountMinor) {
    long remaining = capturedRemainingMinor();
    if (amountMinor > 0 && amountMinor <= remaining) {
      return Optional.empty();
    }
    return Optional.of(new PaymentEvent.RefundFailed(reservationId, paymentIntentId,
        FailureReason.INVALID_REQUEST, "refund amount " + amountMinor + " outside 1.." + remaining));
  }

  public Payment beginRefund(Instant now) {
    requireState(canRefund(), "refund");
    return with(REFUND_PENDING, now);
  }

  /** The number of the next refund request (answered refunds, successful or refused, plus one). */
  public int nextRefundSequence() {
    return refundCount + 1;
  }

  public Transition refunded(String refundId, long refundMinor, Instant now) {
    long refundedTotal = amountRefundedMinor + refundMinor;
    PaymentStatus next = refundedTotal >= amountCapturedMinor ? REFUNDED : PARTIALLY_REFUNDED;
    Payment after = new Payment(id, reservationId, attempt, requesterId, amountMinor, currency,
        next, paymentIntentId, clientSecret, amountCapturedMinor, refundedTotal, refundCount + 1,
        null, null, createdAt, now, authorizedAt);
    return Transition.to(after, new PaymentEvent.Refunded(reservationId, paymentIntentId,
        refundId, refundMinor, currency, after.capturedRemainingMinor()));
  }

  /**
   * Stripe made a refund we did not ask for (from the Dashboard, or the API outside the saga). It
   * takes no number of ours: our refund keys stay as they were. A refund of ours in flight stays
   * pending (Stripe will answer it, possibly with "already refunded").
   */
  public Transition refundedOutside(String refundId, long refundMinor, Instant now) {
    requireState(status.isCaptured()
        || (status == PARKED && parkedOperation == PaymentOperation.REFUND), "record a refund");
    long refundedTotal = Math.min(amountCapturedMinor, amountRefundedMinor + refundMinor);
    long counted = refundedTotal - amountRefundedMinor;
    boolean ownRefundPending = pendingOperation() == PaymentOperation.REFUND;
    PaymentStatus next = ownRefundPending ? status
        : refundedTotal >= amountCapturedMinor ? REFUNDED : PARTIALLY_REFUNDED;
    Payment after = new Payment(id, reservationId, attempt, requesterId, amountMinor, currency,
        next, paymentIntentId, clientSecret, amountCapturedMinor, refundedTotal, refundCount,
        parkedOperation, lastError, createdAt, now, authorizedAt);
    return Transition.to(after, new PaymentEvent.Refunded(reservationId, paymentIntentId,
        refundId, counted, currency, after.capturedRemainingMinor()));
  }

  /**
   * Our refund was refused because refunds made outside the saga already returned everything:
   * the refund is done, and the facts of those refunds were published when they were recorded.
   */
  public Transition refundSettledOutside(Instant now) {
    requireState(pendingOperation() == PaymentOperation.REFUND && capturedRemainingMinor() == 0,
        "settle the refund");
    Payment after = new Payment(id, reservationId, attempt, requesterId, amountMinor, currency,
        REFUNDED, paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor,
        refundCount + 1, null, null, createdAt, now, authorizedAt);
    return Transition.unchanged(after);
  }

  /**
   * Stripe answered and refused the refund. The refund number still advances: a refund re-sent
   * later is a new request with a new key, not a replay of this refusal.
   */
  public Transition refundFailed(FailureReason reason, String detail, Instant now) {
    PaymentStatus back = amountRefundedMinor == 0 ? CAPTURED : PARTIALLY_REFUNDED;
    Payment after = new Payment(id, reservationId, attempt, requesterId, amountMinor, currency,
        back, paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor,
        refundCount + 1, null, detail, createdAt, now, authorizedAt);
    return Transition.to(after,
        new PaymentEvent.RefundFailed(reservationId, paymentIntentId, reason, detail));
  }

  public Transition authorizationFailed(FailureReason reason, String detail, Instant now) {
    return Transition.to(with(AUTHORIZATION_FAILED, now).withError(detail),
        new PaymentEvent.AuthorizationFailed(reservationId, paymentIntentId, reason, null,
            detail));
  }

  /**
   * Retries are exhausted and Stripe's answer is unknown: park visibly. Publishes once; parking an
   * already parked payment only refreshes the error.
   */
  public Transition park(PaymentOperation operation, String error, Instant now) {
    Payment parked = new Payment(id, reservationId, attempt, requesterId, amountMinor, currency,
        PARKED, paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor,
        refundCount, operation, error, createdAt, now, authorizedAt);
    if (status == PARKED && parkedOperation == operation) {
      return Transition.unchanged(parked);
    }
    return Transition.to(parked,
        new PaymentEvent.OperationParked(reservationId, operation, paymentIntentId, error));
  }

  // ---- what was decided, said again -----------------------------------------------------------

  /**
   * PaymentCaptured as first published: {@code recorded} is the capture as recorded (it holds the
   * charge id); without it, what the payment itself knows.
   */
  public PaymentEvent.Captured capturedFact(Optional<PaymentEvent.Captured> recorded) {
    return recorded.orElseGet(() -> new PaymentEvent.Captured(reservationId, paymentIntentId,
        amountCapturedMinor, currency, null));
  }

  /**
   * The facts that describe a payment no void can change any more, identical to their first
   * publication: VOIDED → PaymentVoided; AUTHORIZATION_EXPIRED → PaymentAuthorizationExpired;
   * captured (also parked while refunding) → PaymentCaptured (the saga then refunds); fully refunded
   * → PaymentCaptured and the last PaymentRefunded. Empty while a capture is still in flight or
   * nothing was decided.
   *
   * @param recordedCapture the reservation's capture as recorded
   * @param lastRefund the payment's latest refund as recorded
   */
  public List<PaymentEvent> decidedFacts(Optional<PaymentEvent.Captured> recordedCapture,
      Optional<PaymentEvent.Refunded> lastRefund) {
    if (status == VOIDED) {
      return List.of(new PaymentEvent.Voided(reservationId, paymentIntentId));
    }
    if (status == AUTHORIZATION_EXPIRED) {
      return List.of(new PaymentEvent.AuthorizationExpired(reservationId, paymentIntentId));
    }
    boolean captured = status.isCaptured()
        || (status == PARKED && parkedOperation == PaymentOperation.REFUND);
    if (!captured) {
      return List.of();
    }
    List<PaymentEvent> facts = new ArrayList<>();
    facts.add(capturedFact(recordedCapture));
    if (status == REFUNDED) {
      lastRefund.ifPresent(facts::add);
    }
    return List.copyOf(facts);
  }

  /**
   * The answer to an authorization of {@code amountMinor} that no provider can authorize (0 or
   * less: free slots are refused when the reservation is made); empty for a positive amount.
   */
  public static Optional<PaymentEvent.AuthorizationFailed> refuseAuthorizationOf(
      String reservationId, long amountMinor) {
    if (amountMinor > 0) {
      return Optional.empty();
    }
    return Optional.of(new PaymentEvent.AuthorizationFailed(reservationId, null,
        FailureReason.INVALID_REQUEST, null, "amount " + amountMinor
            + " cannot be authorized: reservations need a positive amount"));
  }

  public Payment withIntent(String intentId, String secret) {
    if (paymentIntentId != null && !paymentIntentId.equals(intentId)) {
      throw new IllegalStateException("payment " + reservationId + "/" + attempt
          + " already has intent " + paymentIntentId + ", not " + intentId);
    }
    return new Payment(id, reservationId, attempt, requesterId, amountMinor, currency, status,
        intentId, secret != null ? secret : clientSecret, amountCapturedMinor,
        amountRefundedMinor, refundCount, parkedOperation, lastError, createdAt, updatedAt,
        authorizedAt);
  }

  public Payment withId(long newId) {
    return new Payment(newId, reservationId, attempt, requesterId, amountMinor, currency, status,
        paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor, refundCount,
        parkedOperation, lastError, createdAt, updatedAt, authorizedAt);
  }

  private Payment with(PaymentStatus next, Instant now) {
    return new Payment(id, reservationId, attempt, requesterId, amountMinor, currency, next,
        paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor, refundCount,
        next == PARKED ? parkedOperation : null, lastError, createdAt, now, authorizedAt);
  }

  private Payment withError(String error) {
    return new Payment(id, reservationId, attempt, requesterId, amountMinor, currency, status,
        paymentIntentId, clientSecret, amountCapturedMinor, amountRefundedMinor, refundCount,
        parkedOperation, error, createdAt, updatedAt, authorizedAt);
  }

  private void requireState(boolean condition, String operation) {
    if (!condition) {
      throw new IllegalStateException(
          "cannot " + operation + " payment " + reservationId + "/" + attempt + " in " + status);
    }
  }
}
