package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sweep gives every waiting payment its turn, least recently checked first. */
class SweepFairnessIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final int batchSize =
      sut.property("bookiji.payment.sweep.batch-size", Integer.class, 50);

  @Test
  @DisplayName("more than two batches of payments Stripe says nothing new about are all re-checked"
      + " within ceil(candidates / batch size) sweeps")
  void everyWaitingPaymentIsRecheckedWithinBoundedSweeps() throws Exception {
    // All with the same last change: an order by last change alone picks the same batch forever.
    Instant longAgo = Instant.now().minusSeconds(3600);
    List<String> mine = new ArrayList<>();
    int count = batchSize * 2 + 20;
    for (int i = 0; i < count; i++) {
      String reservation = newReservation("fair-" + i);
      sut.awaitingCustomer(reservation, 1000, longAgo, Map.of());
      mine.add(reservation);
    }
    int candidates = sut.count("select count(*) from payments"
        + " where status in ('AWAITING_CUSTOMER', 'AUTHORIZED')");
    int bound = (candidates + batchSize - 1) / batchSize;

    for (int sweep = 0; sweep < bound; sweep++) {
      sut.sweep();
    }

    List<String> neverAsked = mine.stream().filter(r -> sut.stripeCalls(r, "retrieve") == 0).toList();
    assertThat(neverAsked).as("payments whose intent the sweep never retrieved (of %d, %d sweeps)",
        count, bound).isEmpty();
    assertThat(mine).allSatisfy(r -> assertThat(sut.status(r)).isEqualTo("AWAITING_CUSTOMER"));

    // The next sweep starts again with the payment checked longest ago, not with the last batch.
    Long checkedLongestAgo = sut.jdbc.queryForObject("select id from payments where status in"
        + " ('AWAITING_CUSTOMER', 'AUTHORIZED') order by last_checked_at nulls first, id limit 1",
        Long.class);
    Timestamp before = lastChecked(checkedLongestAgo);
    sut.sweep();
    assertThat(lastChecked(checkedLongestAgo)).isAfter(before);
  }

  private Timestamp lastChecked(long paymentId) {
    return sut.jdbc.queryForObject("select last_checked_at from payments where id = ?",
        Timestamp.class, paymentId);
  }
}
