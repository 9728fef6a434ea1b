package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A slot has more than one live booking. No grace: one booking per slot is a database constraint. */
public final class DoubleBooking extends AbstractCheck {

  public static final String CODE = "DOUBLE_BOOKING";

  public DoubleBooking() {
    super(CODE);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    Map<String, List<HoldView>> bookedBySlot = model.holds().values().stream()
        .filter(h -> h.liveBooking() && h.slotId() != null)
        .collect(Collectors.groupingBy(HoldView::slotId));
    return bookedBySlot.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .sorted(Map.Entry.comparingByKey())
        .map(e -> finding(Severity.CRITICAL, e.getKey(), null,
            "slot " + e.getKey() + " has " + e.getValue().size() + " live bookings: "
                + e.getValue().stream().map(h -> h.bookingId() + " (reservation " + h.reservationId() + ")")
                    .sorted().collect(Collectors.joining(", "))))
        .toList();
  }
}
