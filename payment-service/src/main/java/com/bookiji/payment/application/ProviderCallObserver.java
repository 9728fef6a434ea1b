package com.bookiji.payment.application;

import com.bookiji.payment.domain.PaymentOperation;

/**
 * Called right after Stripe answered and before the local transaction commits: the crash window
 * that idempotency keys must close. Production uses the no-op; tests use it to crash the service
 * there.
 */
public interface ProviderCallObserver {
  ProviderCallObserver NONE = (operation, reservationId) -> {};

  void afterProviderCall(PaymentOperation operation, String reservationId);
}
