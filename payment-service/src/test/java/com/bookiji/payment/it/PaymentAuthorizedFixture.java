package com.bookiji.payment.it;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;

/** A payment driven through the service to a given state. */
record PaymentAuthorizedFixture(String reservationId, String paymentIntentId) {

  static PaymentAuthorizedFixture captured(PaymentITSupport test, String reservationId,
      long amountMinor) {
    PaymentAuthorizationStarted started =
        PaymentITSupport.authorizeAndStart(reservationId, amountMinor);
    PaymentITSupport.customerConfirms(started, "pm_card_visa");
    PaymentITSupport.awaitEvent(reservationId, PaymentAuthorized.class);
    PaymentITSupport.send(reservationId, PaymentITSupport.capture(reservationId, amountMinor));
    PaymentITSupport.awaitEvent(reservationId, PaymentCaptured.class);
    return new PaymentAuthorizedFixture(reservationId, started.getPaymentIntentId());
  }
}
