package com.bookiji.availability.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * A vendor's bookable time slot. {@code version} grows with every change a hold must not survive
 * (times, price, deletion), so a commit can tell that the slot it held is not the slot it books.
 */
public record Slot(UUID id, String vendorId, TimeRange time, ZoneId timeZone, Money price,
    boolean blocked, boolean deleted, int version) {

  public Slot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vendorId, "vendorId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(price, "price");
    if (vendorId.isBlank()) {
      throw new DomainViolation("INVALID_VENDOR", "vendor id must not be blank");
    }
  }

  /** A new, free slot; it must start in the future. */
  public static Slot create(UUID id, String vendorId, TimeRange time, ZoneId timeZone, Money price,
      Instant now) {
    if (time.hasStartedAt(now)) {
      throw new DomainViolation("SLOT_IN_PAST", "a slot must start in the future");
    }
    requirePrice(price);
    return new Slot(id, vendorId, time, timeZone, price, false, false, 0);
  }

  public boolean isOwnedBy(String actorId) {
    return vendorId.equals(actorId);
  }

  /** Times, zone or price change: only while nobody holds or booked it, never into the past. */
  public Slot change(TimeRange newTime, ZoneId newZone, Money newPrice, HoldStatus liveHold,
      Instant now) {
    requireUnclaimed(liveHold, "changed");
    if (newTime.hasStartedAt(now)) {
      throw new DomainViolation("SLOT_IN_PAST", "a slot must start in the future");
    }
    requirePrice(newPrice);
    return new Slot(id, vendorId, newTime, newZone, newPrice, blocked, false, version + 1);
  }

  public Slot delete(HoldStatus liveHold) {
    requireUnclaimed(liveHold, "deleted");
    return new Slot(id, vendorId, time, timeZone, price, blocked, true, version + 1);
  }

  /**
   * Blocking a held slot is allowed: the vendor's word wins, and the holder learns it at commit
   * ({@code AVAILABILITY_CHANGED}). A booked slot cannot be blocked; cancel the booking instead.
   */
  public Slot block(HoldStatus liveHold) {
    if (liveHold == HoldStatus.COMMITTED) {
      throw new DomainViolation("SLOT_BOOKED", "a booked slot cannot be blocked");
    }
    return new Slot(id, vendorId, time, timeZone, price, true, deleted, version);
  }

  public Slot unblock() {
    return new Slot(id, vendorId, time, timeZone, price, false, deleted, version);
  }

  /** A slot nobody pays for; created before free slots were refused (they cannot be held). */
  public boolean costsNothing() {
    return price.amountMinor() == 0;
  }

  /**
   * Every reservation authorizes a payment before the vendor's slot is booked, and no provider
   * authorizes 0: a free slot could only be held until the payment wait ran out.
   */
  private static void requirePrice(Money price) {
    if (price.amountMinor() == 0) {
      throw new DomainViolation("FREE_SLOT_NOT_SUPPORTED", "a slot must have a price above 0: "
          + "every reservation authorizes a card payment, and free slots are not supported");
    }
  }

  /** {@code liveHold}: the status of the slot's ACTIVE or COMMITTED hold, null when none. */
  private static void requireUnclaimed(HoldStatus liveHold, String what) {
    if (liveHold != null) {
      throw new DomainViolation("SLOT_NOT_FREE", "only a slot nobody holds or booked can be "
          + what + "; this one is " + (liveHold == HoldStatus.ACTIVE ? "held" : "booked"));
    }
  }
}
