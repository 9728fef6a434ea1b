package com.bookiji.reconciler.repairs.domain;

import java.util.Arrays;
import java.util.Optional;

/** What the auditor can do about a finding, the check whose finding it repairs, and its default mode. */
public enum RepairType {
  /** {@code VoidPayment} to payment-service: an authorization nobody will capture any more. */
  VOID_AUTHORIZATION("AUTHORIZATION_LEFT_OPEN", RepairMode.AUTO),
  /** {@code ReleaseHold} to availability-service: a hold neither committed, released nor expired. */
  RELEASE_HOLD("HOLD_NOT_RESOLVED", RepairMode.AUTO),
  /** {@code RefundPayment} to payment-service: money captured for a reservation that is not confirmed. */
  REFUND_CAPTURE("CAPTURE_WITHOUT_BOOKING", RepairMode.PROPOSE),
  /** Cancel at Stripe a PaymentIntent no reservation owns (payment-service has no record to command). */
  CANCEL_ORPHAN_INTENT("ORPHAN_PAYMENT_INTENT", RepairMode.PROPOSE);

  private final String findingCode;
  private final RepairMode defaultMode;

  RepairType(String findingCode, RepairMode defaultMode) {
    this.findingCode = findingCode;
    this.defaultMode = defaultMode;
  }

  public String findingCode() {
    return findingCode;
  }

  public RepairMode defaultMode() {
    return defaultMode;
  }

  public static Optional<RepairType> forFinding(String code) {
    return Arrays.stream(values()).filter(t -> t.findingCode.equals(code)).findFirst();
  }
}
