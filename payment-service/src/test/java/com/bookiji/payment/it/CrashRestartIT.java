package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.capture;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The process dies after Stripe applied a capture and before the local commit; a new instance
 * starts on the same database and consumer group and records the capture exactly once. Runs its
 * own two application contexts (instance A, then instance B) without webhooks, so the only way
 * to converge is redelivery of the command, the same idempotency key and Stripe's replay.
 */
class CrashRestartIT {

  static final ServiceUnderTest sut = ServiceUnderTest.onDatabase("payment_restart", Map.of(
      "bookiji.payment.consumer-name", "payment-service-restart-test",
      // A consumer stuck in a dead handler is evicted from the group quickly.
      "spring.kafka.consumer.properties.max.poll.interval.ms", "8000",
      "spring.kafka.consumer.properties.session.timeout.ms", "6000",
      "spring.kafka.consumer.properties.heartbeat.interval.ms", "1000",
      "spring.datasource.hikari.connection-timeout", "5000"));
  static final StripeSide stripe = sut.stripe;

  /** Instance A's last moments: Stripe answered, then the thread never returns (a dead process). */
  static final class DyingObserver implements ProviderCallObserver {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch never = new CountDownLatch(1);
    final String reservationId;

    DyingObserver(String reservationId) {
      this.reservationId = reservationId;
    }

    @Override
    public void afterProviderCall(PaymentOperation operation, String reservation) {
      if (operation == PaymentOperation.CAPTURE && reservation.equals(reservationId)) {
        reached.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new CrashingObserver.SimulatedCrash("instance A is dead");
      }
    }
  }

  @Test
  @DisplayName("killed after Stripe applied the capture and before the local commit, the restarted service records it exactly once")
  void crashAfterCaptureThenRestart() throws Exception {
    String reservation = newReservation("restart");
    DyingObserver dying = new DyingObserver(reservation);
    PaymentApp instanceA = sut.startInstance(dying);

    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 3300);
    stripe.customerConfirms(started, "pm_card_visa");
    sut.send(reservation, capture(reservation, 3300));

    assertThat(dying.reached.await(60, TimeUnit.SECONDS)).isTrue();
    // Stripe applied the capture; locally nothing is committed.
    List<JsonObject> intents = stripe.intents(reservation);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).get("status").getAsString()).isEqualTo("succeeded");
    assertThat(sut.capturesRecorded(reservation)).isZero();

    // Kill A: its context goes down (connections aborted, the open transaction rolls back) while
    // its consumer thread stays stuck where the process died.
    Thread killer = new Thread(instanceA::close, "kill-instance-a");
    killer.start();

    PaymentApp instanceB = sut.startInstance(ProviderCallObserver.NONE);
    try {
      PaymentCaptured captured = sut.awaitEvent(reservation, PaymentCaptured.class);
      assertThat(captured.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
      await().atMost(Duration.ofSeconds(30))
          .until(() -> sut.status(reservation).equals("CAPTURED"));
      assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
      assertThat(stripe.capturesExecuted(intents)).isEqualTo(1);
      // B did not guess: it retrieved the intent (succeeded) before capturing, so Stripe executed
      // exactly one capture and B recorded it; had it sent the capture, the same key would have
      // made Stripe replay A's answer.
      assertThat(sut.count("select count(distinct idempotency_key) from stripe_calls"
          + " where reservation_id = ? and operation = 'capture'", reservation)).isEqualTo(1);
    } finally {
      dying.never.countDown();
      instanceB.close();
      killer.join(60_000);
    }
  }
}
