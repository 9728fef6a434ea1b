package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pending authorization of a reservation still on its way to capture expires (Stripe's
 * {@code capture_before}; until it is read from Stripe: authorized at + the card validity) before
 * the saga can capture at the latest (the end of the bound of the state it is in).
 */
public final class AuthorizationExpiresBeforeCapture extends TimeBoundCheck {

  public static final String CODE = "AUTHORIZATION_EXPIRES_BEFORE_CAPTURE";
  private static final Set<String> BEFORE_CAPTURE = Set.of("AWAITING_CONFIRMATIONS", "COMMIT_PENDING", "CAPTURE_PENDING");

  public AuthorizationExpiresBeforeCapture(CheckBounds bounds) {
    super(CODE, Set.of("payment.events", "reservation.events"), bounds);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    List<Finding> findings = new ArrayList<>();
    ledgersByReservation(model).forEach(l -> {
      ReservationView r = model.reservations().get(l.reservationId());
      if (r == null || r.state() == null || r.terminal() || !BEFORE_CAPTURE.contains(r.state())) {
        return;
      }
      Instant latestCapture = r.stateSince().plus(bounds.stateBound(r.state()));
      for (Authorization a : l.openAuthorizations()) {
        Instant captureBefore = a.authorizedAt().plus(bounds.authorizationValidity());
        if (captureBefore.isBefore(latestCapture)) {
          findings.add(finding(Severity.HIGH, a.paymentIntentId(), l.reservationId(),
              "authorization " + a.paymentIntentId() + " must be captured before " + captureBefore
                  + " but in " + r.state() + " the saga may capture as late as " + latestCapture));
        }
      }
    });
    return findings;
  }
}
