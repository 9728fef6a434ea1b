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
public final class CaptureWithoutBooking extends TimeBoundCheck {

  public static final String CODE = "CAPTURE_WITHOUT_BOOKING";

  public CaptureWithoutBooking(CheckBounds bounds) {
    super(CODE, Set.of("payment.commands", "payment.events", "reservation.events"), bounds);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return ledgersByReservation(model)
        .filter(Ledger::holdsPostedMoney)
        .filter(l -> !model.reservation(l.reservationId()).map(r -> r.confirmed()).orElse(false))
        .filter(l -> l.lastCaptureAt().map(at -> now.isAfter(at.plus(bounds.grace()))).orElse(false))
        .map(l -> finding(Severity.CRITICAL, l.reservationId(), l.reservationId(),
            "captured " + l.posted() + " but the reservation is "
                + model.reservation(l.reservationId()).map(r -> String.valueOf(r.state())).orElse("unknown")
                + ", not CONFIRMED, and nothing was refunded"))
        .toList();
  }
}
