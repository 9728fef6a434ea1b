package com.bookiji.reconciler.console.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lag in business terms: the reservations whose messages wait behind a group's committed offset,
 * and the money of those reservations per currency (each reservation counted once, at its amount).
 */
public record BusinessLag(Set<String> reservationIds, Map<String, Long> moneyByCurrency) {

  public BusinessLag {
    reservationIds = Set.copyOf(new TreeSet<>(reservationIds));
    moneyByCurrency = Map.copyOf(moneyByCurrency);
  }

  public static BusinessLag none() {
    return new BusinessLag(Set.of(), Map.of());
  }

  /** The reservations named by the waiting messages, priced from the model. */
  public static BusinessLag of(Collection<String> waitingReservationIds, ModelSnapshot model) {
    Set<String> ids = new TreeSet<>(waitingReservationIds);
    Map<String, Long> money = new TreeMap<>();
    for (String id : ids) {
      model.reservation(id).map(ReservationView::amount).ifPresent(amount ->
          money.merge(amount.currency(), amount.amountMinor(), Long::sum));
    }
    return new BusinessLag(ids, money);
  }

  public int reservations() {
    return reservationIds.size();
  }
}
