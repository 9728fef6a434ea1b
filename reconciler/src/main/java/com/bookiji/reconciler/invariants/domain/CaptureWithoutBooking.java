package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Money is captured (and not refunded) for a reservation that is not CONFIRMED, longer than the
 * grace after the last capture (CAPTURE_PENDING turns CONFIRMED right after its capture).
 */
public final class CaptureWithoutBooking implements InvariantCheck {

  public static final String CODE = "CAPTURE_WITHOUT_BOOKING";
  private final CheckBounds bounds;

  public CaptureWithoutBooking(CheckBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public Set<String> dependsOn() {
    return Set.of("payment.commands", "payment.events", "reservation.events");
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return model.ledgers().values().stream()
        .filter(Ledger::holdsPostedMoney)
        .filter(l -> !model.reservation(l.reservationId()).map(r -> r.confirmed()).orElse(false))
        .filter(l -> l.lastCaptureAt().map(at -> now.isAfter(at.plus(bounds.grace()))).orElse(false))
        .sorted(java.util.Comparator.comparing(Ledger::reservationId))
        .map(l -> new Finding(CODE, Severity.CRITICAL, l.reservationId(), l.reservationId(),
            "captured " + l.posted() + " but the reservation is "
                + model.reservation(l.reservationId()).map(r -> String.valueOf(r.state())).orElse("unknown")
                + ", not CONFIRMED, and nothing was refunded"))
        .toList();
  }
}
