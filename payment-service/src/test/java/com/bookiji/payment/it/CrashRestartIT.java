package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.payment.PaymentServiceApplication;
import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The process dies after Stripe applied a capture and before the local commit; a new instance
 * starts on the same database and consumer group and records the capture exactly once. Runs its
 * own two application contexts (instance A, then instance B) without webhooks, so the only way
 * to converge is redelivery of the command, the same idempotency key and Stripe's replay.
 */
class CrashRestartIT {

  static final TestDatabase DB = PaymentITSupport.INFRA.createDatabase("payment_restart");

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

  static ConfigurableApplicationContext start(ProviderCallObserver observer) {
    Map<String, Object> props = new HashMap<>(PaymentITSupport.INFRA.springProperties(DB));
    props.put("server.port", "0");
    props.put("bookiji.stripe.api-base", PaymentITSupport.SIMULATOR.baseUrl());
    props.put("bookiji.stripe.read-timeout-millis", "1500");
    props.put("bookiji.stripe.retry.initial-backoff-millis", "50");
    props.put("bookiji.stripe.retry.max-backoff-millis", "400");
    props.put("bookiji.payment.sweep.enabled", "false");
    props.put("bookiji.payment.consumer-name", "payment-service-restart-test");
    props.put("bookiji.security.jwt.secret", "payment-service-integration-test-secret-0123456789");
    // A consumer stuck in a dead handler is evicted from the group quickly.
    props.put("spring.kafka.consumer.properties.max.poll.interval.ms", "8000");
    props.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
    props.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
    props.put("spring.datasource.hikari.connection-timeout", "5000");
    // As command-line arguments: they must win over application.yml, as they would in production.
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new SpringApplicationBuilder(PaymentServiceApplication.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("observer", observer))
        .run(args);
  }

  @Test
  @DisplayName("killed after Stripe applied the capture and before the local commit, the restarted service records it exactly once")
  void crashAfterCaptureThenRestart() throws Exception {
    String reservation = PaymentITSupport.newReservation("restart");
    DyingObserver dying = new DyingObserver(reservation);
    ConfigurableApplicationContext instanceA = start(dying);
    JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());

    PaymentITSupport.send(reservation, PaymentITSupport.authorize(reservation, 3300));
    PaymentAuthorizationStarted started =
        PaymentITSupport.awaitEvent(reservation, PaymentAuthorizationStarted.class);
    PaymentITSupport.customerConfirms(started, "pm_card_visa");
    PaymentITSupport.send(reservation, PaymentITSupport.capture(reservation, 3300));

    assertThat(dying.reached.await(60, TimeUnit.SECONDS)).isTrue();
    // Stripe applied the capture; locally nothing is committed.
    List<JsonObject> intents = PaymentITSupport.intentsAtStripe(reservation);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).get("status").getAsString()).isEqualTo("succeeded");
    assertThat(jdbc.queryForObject("select count(*) from captures where reservation_id = ?",
        Integer.class, reservation)).isZero();

    // Kill A: its context goes down (connections aborted, the open transaction rolls back) while
    // its consumer thread stays stuck where the process died.
    Thread killer = new Thread(instanceA::close, "kill-instance-a");
    killer.start();

    ConfigurableApplicationContext instanceB = start(ProviderCallObserver.NONE);
    try {
      PaymentCaptured captured = PaymentITSupport.awaitEvent(reservation, PaymentCaptured.class);
      assertThat(captured.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
      await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
          "select status from payments where reservation_id = ?", String.class, reservation)
          .equals("CAPTURED"));
      assertThat(jdbc.queryForObject("select count(*) from captures where reservation_id = ?",
          Integer.class, reservation)).isEqualTo(1);
      assertThat(PaymentITSupport.capturesExecutedAtStripe(intents)).isEqualTo(1);
      // B did not guess: it retrieved the intent (succeeded) before capturing, so Stripe executed
      // exactly one capture and B recorded it; had it sent the capture, the same key would have
      // made Stripe replay A's answer.
      assertThat(jdbc.queryForObject("select count(distinct idempotency_key) from stripe_calls"
          + " where reservation_id = ? and operation = 'capture'", Integer.class, reservation))
          .isEqualTo(1);
    } finally {
      dying.never.countDown();
      instanceB.close();
      killer.join(60_000);
    }
  }
}
