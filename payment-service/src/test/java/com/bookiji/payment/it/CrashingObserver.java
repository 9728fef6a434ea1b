package com.bookiji.payment.it;

import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.payment.domain.PaymentOperation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills the handling of a command right after Stripe applied it and before the local commit, for
 * the reservations a test arms it for.
 */

public class CrashingObserver implements ProviderCallObserver {

  /** Thrown where the process would die: the transaction rolls back, nothing local is recorded. */
  public static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  private final Map<String, PaymentOperation> armed = new ConcurrentHashMap<>();

  public void crashOnceAfter(PaymentOperation operation, String reservationId) {
    armed.put(reservationId, operation);
  }

  @Override
  public void afterProviderCall(PaymentOperation operation, String reservationId) {
    if (armed.remove(reservationId, operation)) {
      throw new SimulatedCrash("crash after Stripe applied " + operation + " for " + reservationId);
    }
  }
}
