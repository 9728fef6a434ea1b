package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.ProviderResult;
import com.bookiji.payment.application.RefundSnapshot;
import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.stripe.StripeGateway;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lookups that resolve unknown outcomes, against the simulator through stripe-java. */
class StripeGatewayIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;
  static final StripeGateway gateway = sut.bean(StripeGateway.class);

  @Test
  @DisplayName("an intent whose create response was lost is found by its reservation metadata")
  void findsIntentByMetadata() {
    String reservation = newReservation("gw-find");
    IntentSnapshot created = ((ProviderResult.Succeeded<IntentSnapshot>) gateway
        .createAuthorization(reservation, 2, 700, "eur", IdempotencyKeys.authorize(reservation, 2)))
        .value();
    assertThat(created.status()).isEqualTo(IntentStatus.REQUIRES_PAYMENT_METHOD);

    ProviderResult<Optional<IntentSnapshot>> found = gateway.findAuthorization(reservation, 2);
    assertThat(found).isInstanceOf(ProviderResult.Succeeded.class);
    assertThat(((ProviderResult.Succeeded<Optional<IntentSnapshot>>) found).value())
        .map(IntentSnapshot::id).contains(created.id());
    assertThat(((ProviderResult.Succeeded<Optional<IntentSnapshot>>) gateway
        .findAuthorization(reservation, 1)).value()).isEmpty();
  }

  @Test
  @DisplayName("the same idempotency key never creates a second intent, even with a new call")
  void sameKeySameIntent() {
    String reservation = newReservation("gw-key");
    String key = IdempotencyKeys.authorize(reservation, 1);
    IntentSnapshot first = ((ProviderResult.Succeeded<IntentSnapshot>) gateway
        .createAuthorization(reservation, 1, 700, "eur", key)).value();
    IntentSnapshot second = ((ProviderResult.Succeeded<IntentSnapshot>) gateway
        .createAuthorization(reservation, 1, 700, "eur", key)).value();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(stripe.intents(reservation)).hasSize(1);
  }

  @Test
  @DisplayName("a refund whose response was lost is found by its sequence metadata")
  void findsRefundBySequence() {
    String reservation = newReservation("gw-refund");
    String intent = sut.captured(reservation, 1000).getPaymentIntentId();
    ProviderResult<RefundSnapshot> refund = gateway.refund(reservation,
        intent, 400, 1, IdempotencyKeys.refund(reservation, 1, 1));
    String refundId = ((ProviderResult.Succeeded<RefundSnapshot>) refund).value().id();

    Optional<RefundSnapshot> found = ((ProviderResult.Succeeded<Optional<RefundSnapshot>>)
        gateway.findRefund(reservation, intent, 1)).value();
    assertThat(found).map(RefundSnapshot::id).contains(refundId);
    assertThat(((ProviderResult.Succeeded<Optional<RefundSnapshot>>)
        gateway.findRefund(reservation, intent, 2)).value()).isEmpty();
  }
}
