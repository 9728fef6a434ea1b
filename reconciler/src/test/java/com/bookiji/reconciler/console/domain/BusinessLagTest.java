package com.bookiji.reconciler.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("business lag counts the reservations and the money behind a group's lag")
class BusinessLagTest {

  private static ReservationView reservation(String id, long amount, String currency) {
    return new ReservationView(id, "s-" + id, "AWAITING_CONFIRMATIONS", false, Instant.EPOCH,
        new Money(amount, currency));
  }

  @Test
  @DisplayName("each reservation counted once, its money summed per currency; unknown ones count without money")
  void perCurrency() {
    ModelSnapshot model = new ModelSnapshot(Map.of(
        "r-1", reservation("r-1", 5000, "EUR"),
        "r-2", reservation("r-2", 2500, "EUR"),
        "r-3", reservation("r-3", 1999, "USD")), Map.of(), Map.of(), List.of(), List.of());

    BusinessLag lag = BusinessLag.of(List.of("r-1", "r-2", "r-1", "r-3", "r-unknown"), model);

    assertThat(lag.reservations()).isEqualTo(4);
    assertThat(lag.moneyByCurrency()).containsExactlyInAnyOrderEntriesOf(Map.of("EUR", 7500L, "USD", 1999L));
    assertThat(BusinessLag.of(List.of(), model)).isEqualTo(BusinessLag.none());
  }
}
