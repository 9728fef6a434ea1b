package com.bookiji.reservation.saga;

import com.bookiji.reservation.domain.Compensation;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.domain.VendorDecision;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One reservation as the saga knows it: its state, the facts it has learnt about the hold, the
 * payment and the vendor, and its active deadlines. Immutable; change it with {@link #with()}.
 */
public record SagaState(
    String reservationId,
    String slotId,
    String requesterId,
    ReservationState state,
    String vendorId,
    Long amountMinor,
    String currency,
    Instant slotStartsAt,
    Instant slotEndsAt,
    HoldStatus hold,
    String holdId,
    Instant holdExpiresAt,
    String bookingId,
    PaymentStatus payment,
    String paymentIntentId,
    String clientSecret,
    int paymentAttempt,
    VendorDecision vendorDecision,
    boolean cancelRequested,
    ReservationState outcome,
    int captureCount,
    int stepAttempt,
    String outcomeDetail,
    Map<DeadlineKind, Instant> deadlines,
    Instant createdAt,
    Instant updatedAt) {

  public SagaState {
    Objects.requireNonNull(reservationId, "reservationId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(vendorDecision, "vendorDecision");
    deadlines = deadlines == null || deadlines.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(deadlines));
  }

  /**
   * The undos this reservation still owes, derived from the facts: a hold that may block the slot
   * must be released, a booking cancelled, an open PaymentIntent voided, captured money refunded.
   * Empty for a live booking ({@code CONFIRMED}) and for reservations still on their way.
   */
  public Set<Compensation> outstandingCompensations() {
    if (!(state == ReservationState.COMPENSATING || state.isFailure())) {
      return EnumSet.noneOf(Compensation.class);
    }
    EnumSet<Compensation> owed = EnumSet.noneOf(Compensation.class);
    if (hold.mayBlockSlot()) {
      owed.add(Compensation.RELEASE_HOLD);
    }
    if (hold == HoldStatus.COMMITTED) {
      owed.add(Compensation.CANCEL_BOOKING);
    }
    if (payment.mayHoldUncapturedAuthorization()) {
      owed.add(Compensation.VOID_PAYMENT);
    }
    if (payment == PaymentStatus.CAPTURED) {
      owed.add(Compensation.REFUND_PAYMENT);
    }
    return owed;
  }

  public Builder with() {
    return new Builder(this);
  }

  /** Copy-and-change helper: records have no withers. */
  public static final class Builder {
    private String reservationId;
    private String slotId;
    private String requesterId;
    private ReservationState state;
    private String vendorId;
    private Long amountMinor;
    private String currency;
    private Instant slotStartsAt;
    private Instant slotEndsAt;
    private HoldStatus hold;
    private String holdId;
    private Instant holdExpiresAt;
    private String bookingId;
    private PaymentStatus payment;
    private String paymentIntentId;
    private String clientSecret;
    private int paymentAttempt;
    private VendorDecision vendorDecision;
    private boolean cancelRequested;
    private ReservationState outcome;
    private int captureCount;
    private int stepAttempt;
    private String outcomeDetail;
    private EnumMap<DeadlineKind, Instant> deadlines = new EnumMap<>(DeadlineKind.class);
    private Instant createdAt;
    private Instant updatedAt;

    public Builder() {}

    Builder(SagaState s) {
      reservationId = s.reservationId;
      slotId = s.slotId;
      requesterId = s.requesterId;
      state = s.state;
      vendorId = s.vendorId;
      amountMinor = s.amountMinor;
      currency = s.currency;
      slotStartsAt = s.slotStartsAt;
      slotEndsAt = s.slotEndsAt;
      hold = s.hold;
      holdId = s.holdId;
      holdExpiresAt = s.holdExpiresAt;
      bookingId = s.bookingId;
      payment = s.payment;
      paymentIntentId = s.paymentIntentId;
      clientSecret = s.clientSecret;
      paymentAttempt = s.paymentAttempt;
      vendorDecision = s.vendorDecision;
      cancelRequested = s.cancelRequested;
      outcome = s.outcome;
      captureCount = s.captureCount;
      stepAttempt = s.stepAttempt;
      outcomeDetail = s.outcomeDetail;
      deadlines.putAll(s.deadlines);
      createdAt = s.createdAt;
      updatedAt = s.updatedAt;
    }

    public Builder reservationId(String v) { reservationId = v; return this; }
    public Builder slotId(String v) { slotId = v; return this; }
    public Builder requesterId(String v) { requesterId = v; return this; }
    public Builder state(ReservationState v) { state = v; return this; }
    public Builder vendorId(String v) { vendorId = v; return this; }
    public Builder amountMinor(Long v) { amountMinor = v; return this; }
    public Builder currency(String v) { currency = v; return this; }
    public Builder slotStartsAt(Instant v) { slotStartsAt = v; return this; }
    public Builder slotEndsAt(Instant v) { slotEndsAt = v; return this; }
    public Builder hold(HoldStatus v) { hold = v; return this; }
    public Builder holdId(String v) { holdId = v; return this; }
    public Builder holdExpiresAt(Instant v) { holdExpiresAt = v; return this; }
    public Builder bookingId(String v) { bookingId = v; return this; }
    public Builder payment(PaymentStatus v) { payment = v; return this; }
    public Builder paymentIntentId(String v) { paymentIntentId = v; return this; }
    public Builder clientSecret(String v) { clientSecret = v; return this; }
    public Builder paymentAttempt(int v) { paymentAttempt = v; return this; }
    public Builder vendorDecision(VendorDecision v) { vendorDecision = v; return this; }
    public Builder cancelRequested(boolean v) { cancelRequested = v; return this; }
    public Builder outcome(ReservationState v) { outcome = v; return this; }
    public Builder captureCount(int v) { captureCount = v; return this; }
    public Builder stepAttempt(int v) { stepAttempt = v; return this; }
    public Builder outcomeDetail(String v) { outcomeDetail = v; return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }

    public Builder deadline(DeadlineKind kind, Instant at) {
      deadlines.put(kind, at);
      return this;
    }

    public Builder clearDeadline(DeadlineKind kind) {
      deadlines.remove(kind);
      return this;
    }

    public Builder clearDeadlines() {
      deadlines.clear();
      return this;
    }

    public Builder deadlines(Map<DeadlineKind, Instant> all) {
      deadlines.clear();
      deadlines.putAll(all);
      return this;
    }

    public SagaState build() {
      return new SagaState(reservationId, slotId, requesterId, state, vendorId, amountMinor, currency,
          slotStartsAt, slotEndsAt, hold, holdId, holdExpiresAt, bookingId, payment, paymentIntentId,
          clientSecret, paymentAttempt, vendorDecision, cancelRequested, outcome, captureCount, stepAttempt,
          outcomeDetail, deadlines, createdAt, updatedAt);
    }
  }
}
