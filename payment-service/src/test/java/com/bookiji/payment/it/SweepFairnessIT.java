package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The sweep gives every waiting payment its turn, least recently checked first. */
class SweepFairnessIT extends PaymentITSupport {

  @Value("${bookiji.payment.sweep.batch-size:50}")
  int batchSize;

  @Test
  @DisplayName("more than two batches of payments Stripe says nothing new about are all re-checked"
      + " within ceil(candidates / batch size) sweeps")
  void everyWaitingPaymentIsRecheckedWithinBoundedSweeps() throws Exception {
    StripeClient stripe = StripeClient.builder().setApiKey("sk_test_bookiji")
        .setApiBase(SIMULATOR.baseUrl()).build();
    // All with the same last change: an order by last change alone picks the same batch forever.
    Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(3600));
    List<String> mine = new ArrayList<>();
    int count = batchSize * 2 + 20;
    for (int i = 0; i < count; i++) {
      String reservation = newReservation("fair-" + i);
      PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
          .setAmount(1000L).setCurrency("eur")
          .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
          .putMetadata("reservation_id", reservation).putMetadata("attempt", "1").build());
      jdbc.update("""
          insert into payments (reservation_id, attempt, amount_minor, currency, status,
            payment_intent_id, client_secret, created_at, updated_at)
          values (?, 1, 1000, 'eur', 'AWAITING_CUSTOMER', ?, ?, ?, ?)""",
          reservation, pi.getId(), pi.getClientSecret(), longAgo, longAgo);
      mine.add(reservation);
    }
    int candidates = jdbc.queryForObject("select count(*) from payments"
        + " where status in ('AWAITING_CUSTOMER', 'AUTHORIZED')", Integer.class);
    int bound = (candidates + batchSize - 1) / batchSize;

    for (int sweep = 0; sweep < bound; sweep++) {
      sweeper.sweep();
    }

    List<String> neverAsked = mine.stream().filter(r -> retrievals(r) == 0).toList();
    assertThat(neverAsked).as("payments whose intent the sweep never retrieved (of %d, %d sweeps)",
        count, bound).isEmpty();
    assertThat(mine).allSatisfy(r -> assertThat(status(r)).isEqualTo("AWAITING_CUSTOMER"));

    // The next sweep starts again with the payment checked longest ago, not with the last batch.
    Long checkedLongestAgo = jdbc.queryForObject("select id from payments where status in"
        + " ('AWAITING_CUSTOMER', 'AUTHORIZED') order by last_checked_at nulls first, id limit 1",
        Long.class);
    Timestamp before = lastChecked(checkedLongestAgo);
    sweeper.sweep();
    assertThat(lastChecked(checkedLongestAgo)).isAfter(before);
  }

  private Timestamp lastChecked(long paymentId) {
    return jdbc.queryForObject("select last_checked_at from payments where id = ?",
        Timestamp.class, paymentId);
  }

  private int retrievals(String reservationId) {
    return jdbc.queryForObject("select count(*) from stripe_calls where reservation_id = ?"
        + " and operation = 'retrieve'", Integer.class, reservationId);
  }
}
