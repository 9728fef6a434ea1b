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

@DisplayName("Authorization expiry with a 1-second window")
class AuthorizationExpiryTest extends SimulatorTestSupport {

  @Override
  protected StripeSimulatorConfig config() {
    return StripeSimulatorConfig.builder().authorizationExpiry(Duration.ofSeconds(1)).build();
  }

  @Test
  @DisplayName("an uncaptured authorization is canceled automatically with cancellation_reason=automatic")
  void expiresByItself() throws Exception {
    PaymentIntent pi = authorized(1000, "r-exp-1");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus().equals("canceled"));
    PaymentIntent expired = stripe.v1().paymentIntents().retrieve(pi.getId());
    assertThat(expired.getCancellationReason()).isEqualTo("automatic");
    Event canceled = stripe.v1().events()
        .list(EventListParams.builder().setType("payment_intent.canceled").build()).getData().get(0);
    assertThat(((PaymentIntent) canceled.getDataObjectDeserializer().getObject().orElseThrow()).getId())
        .isEqualTo(pi.getId());
    assertThat(canceled.getRequest().getId()).isNull();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(pi.getId()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
  }

  @Test
  @DisplayName("a captured intent never expires")
  void capturedStays() throws Exception {
    PaymentIntent pi = authorized(1000, "r-exp-2");
    stripe.v1().paymentIntents().capture(pi.getId());
    control.advanceClock(Duration.ofDays(30));
    control.expireAuthorizations();
    assertThat(stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus()).isEqualTo("succeeded");
  }
}
