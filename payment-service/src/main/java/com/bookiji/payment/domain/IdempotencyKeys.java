package com.bookiji.payment.domain;

/**
 * Deterministic Stripe idempotency keys. A key depends only on what the request means (which
 * reservation, which saga attempt, which operation, which refund), never on time, instance or
 * delivery, so a retry, a redelivered command or a restarted instance sends the very same key and
 * Stripe replays the first result instead of acting twice.
 */
public final class IdempotencyKeys {

  private static final String PREFIX = "bookiji:";

  private IdempotencyKeys() {}

  public static String authorize(String reservationId, int attempt) {
    return PREFIX + reservationId + ":authorize:" + attempt;
  }

  public static String capture(String reservationId, int attempt) {
    return PREFIX + reservationId + ":capture:" + attempt;
  }

  public static String voidAuthorization(String reservationId, int attempt) {
    return PREFIX + reservationId + ":void:" + attempt;
  }

  /** {@code refundSequence} is 1 for the payment's first refund, 2 for the second, and so on. */
  public static String refund(String reservationId, int attempt, int refundSequence) {
    return PREFIX + reservationId + ":refund:" + attempt + ":" + refundSequence;
  }
}
