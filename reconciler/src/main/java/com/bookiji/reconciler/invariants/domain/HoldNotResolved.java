package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A hold neither committed, released nor expired by its expiry (TTL) + grace: the slot stays blocked. */
public final class HoldNotResolved extends TimeBoundCheck {

  public static final String CODE = "HOLD_NOT_RESOLVED";

  public HoldNotResolved(CheckBounds bounds) {
    super(CODE, Set.of("availability.commands", "availability.events"), bounds);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return model.holds().values().stream()
        .filter(h -> h.status() == HoldStatus.ACTIVE && h.expiresAt() != null)
        .filter(h -> now.isAfter(h.expiresAt().plus(bounds.grace())))
        .sorted(Comparator.comparing(h -> h.holdId()))
        .map(h -> finding(Severity.HIGH, h.holdId(), h.reservationId(),
            "hold " + h.holdId() + " on slot " + h.slotId() + " expired at " + h.expiresAt()
                + " and was neither committed, released nor expired"))
        .toList();
  }
}
