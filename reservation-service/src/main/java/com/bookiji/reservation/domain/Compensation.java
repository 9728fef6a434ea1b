package com.bookiji.reservation.domain;

/** An undo the saga owes before (or, for late successes, after) its outcome is final. */
public enum Compensation {
  RELEASE_HOLD,
  CANCEL_BOOKING,
  VOID_PAYMENT,
  REFUND_PAYMENT
}
