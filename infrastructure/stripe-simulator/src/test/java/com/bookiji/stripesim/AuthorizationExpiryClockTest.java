package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.param.EventListParams;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Authorization expiry with Stripe's 7-day window, driven by the simulator clock")
class AuthorizationExpiryClockTest extends SimulatorTestSupport {

  @Test
  @DisplayName("advancing the clock past 7 days and sweeping expires exactly the old authorizations")
  void deterministicExpiry() throws Exception {
    PaymentIntent old = authorized(1000, "r-exp-3");
    control.advanceClock(Duration.ofDays(6));
    PaymentIntent young = authorized(1000, "r-exp-4");
    assertThat(control.expireAuthorizations()).isZero();
    control.advanceClock(Duration.ofDays(1).plusMinutes(1));
    // The background sweep may get there first; either way exactly one intent expired.
    assertThat(control.expireAuthorizations()).isLessThanOrEqualTo(1);
    assertThat(stripe.v1().paymentIntents().retrieve(old.getId()).getStatus()).isEqualTo("canceled");
    assertThat(stripe.v1().paymentIntents().retrieve(young.getId()).getStatus()).isEqualTo("requires_capture");
  }
}
