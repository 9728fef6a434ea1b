package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An authorization still pending after its reservation ended, beyond the bound + grace. */
public final class AuthorizationLeftOpen extends TimeBoundCheck {

  public static final String CODE = "AUTHORIZATION_LEFT_OPEN";

  public AuthorizationLeftOpen(CheckBounds bounds) {
    super(CODE, Set.of("payment.commands", "payment.events", "reservation.events"), bounds);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    List<Finding> findings = new ArrayList<>();
    ledgersByReservation(model).forEach(l -> {
      ReservationView r = model.reservations().get(l.reservationId());
      if (r == null || !r.terminal()) {
        return;
      }
      Instant due = r.stateSince().plus(bounds.authorizationOpenBound()).plus(bounds.grace());
      for (Authorization a : l.openAuthorizations()) {
        if (now.isAfter(due)) {
          findings.add(finding(Severity.HIGH, a.paymentIntentId(), l.reservationId(),
              a.amount() + " authorized on " + a.paymentIntentId() + " is still open; the reservation ended "
                  + r.state() + " at " + r.stateSince()));
        }
      }
    });
    return findings;
  }
}
