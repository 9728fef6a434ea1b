package com.bookiji.reservation.domain;

/**
 * Where a reservation is. Non-terminal states name what the saga waits for; terminal states are the
 * outcomes of the design brief. {@code CONFIRMED} is terminal for the booking saga, but a requester
 * may still cancel it, which opens a compensation leg that ends in {@code CANCELLED}.
 */
public enum ReservationState {
  /** HoldSlot sent; waiting for SlotHeld or SlotHoldRejected. */
  HOLD_PENDING(false),
  /** Slot held; waiting for both the card authorization and the vendor's decision. */
  AWAITING_CONFIRMATIONS(false),
  /** Both confirmed; CommitHold sent; waiting for HoldCommitted or HoldCommitRejected. */
  COMMIT_PENDING(false),
  /** Booking exists; CapturePayment sent; waiting for PaymentCaptured or PaymentCaptureFailed. */
  CAPTURE_PENDING(false),
  /** Outcome decided; waiting until every compensation (void, refund, release, cancel) is acknowledged. */
  COMPENSATING(false),
  CONFIRMED(true),
  REJECTED(true),
  EXPIRED(true),
  FAILED_PAYMENT(true),
  FAILED_VENDOR_DECLINED(true),
  FAILED_AVAILABILITY_CHANGED(true),
  FAILED_COMMIT(true),
  CANCELLED(true);

  private final boolean terminal;

  ReservationState(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean isTerminal() {
    return terminal;
  }

  /** Terminal and not a success: the state compensation leads to. */
  public boolean isFailure() {
    return terminal && this != CONFIRMED;
  }
}
