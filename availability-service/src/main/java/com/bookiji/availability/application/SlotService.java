package com.bookiji.availability.application;

import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.Money;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import com.bookiji.availability.domain.TimeRange;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vendor's side: create, list, change, delete, block and unblock slots. A vendor touches only
 * its own slots; overlaps are refused by the database's exclusion constraint, not by a check here.
 */
@Service
public class SlotService {

  public static final Duration MAX_LIST_RANGE = Duration.ofDays(92);
  public static final int MAX_LIST_SIZE = 2000;

  /** A slot as a vendor describes it. */
  public record SlotSpec(Instant startsAt, Instant endsAt, String timeZone, long priceAmountMinor,
      String currency) {}

  private final SlotStore slots;
  private final Clock clock;

  public SlotService(SlotStore slots, Clock clock) {
    this.slots = slots;
    this.clock = clock;
  }

  /** All or nothing: one overlapping slot refuses the whole batch. */
  @Transactional
  public List<SlotView> create(String vendorId, List<SlotSpec> specs) {
    Instant now = clock.instant();
    List<SlotView> created = new ArrayList<>();
    for (SlotSpec spec : specs) {
      Slot slot = Slot.create(UUID.randomUUID(), vendorId, time(spec), zone(spec.timeZone()),
          new Money(spec.priceAmountMinor(), spec.currency()), now);
      slots.insert(slot, now);
      created.add(new SlotView(slot, SlotState.FREE, null));
    }
    return created;
  }

  @Transactional(readOnly = true)
  public List<SlotView> list(String vendorId, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new DomainViolation("INVALID_RANGE", "'to' must be after 'from'");
    }
    if (Duration.between(from, to).compareTo(MAX_LIST_RANGE) > 0) {
      throw new DomainViolation("INVALID_RANGE", "list at most " + MAX_LIST_RANGE.toDays()
          + " days at a time");
    }
    return slots.listByVendor(vendorId, from, to, MAX_LIST_SIZE);
  }

  @Transactional(readOnly = true)
  public SlotView get(String vendorId, UUID slotId) {
    return slots.view(slotId).filter(v -> v.slot().vendorId().equals(vendorId))
        .orElseThrow(SlotService::notFound);
  }

  @Transactional
  public SlotView change(String actorId, String vendorId, UUID slotId, SlotSpec spec) {
    Slot slot = lockOwned(actorId, vendorId, slotId);
    Slot changed = slot.change(time(spec), zone(spec.timeZone()),
        new Money(spec.priceAmountMinor(), spec.currency()), slots.liveHoldStatus(slotId),
        clock.instant());
    slots.update(changed, clock.instant());
    return slots.view(slotId).orElseThrow();
  }

  @Transactional
  public void delete(String actorId, String vendorId, UUID slotId) {
    Slot slot = lockOwned(actorId, vendorId, slotId);
    slots.update(slot.delete(slots.liveHoldStatus(slotId)), clock.instant());
  }

  @Transactional
  public SlotView block(String actorId, String vendorId, UUID slotId) {
    Slot slot = lockOwned(actorId, vendorId, slotId);
    HoldStatus live = slots.liveHoldStatus(slotId);
    slots.update(slot.block(live), clock.instant());
    return slots.view(slotId).orElseThrow();
  }

  @Transactional
  public SlotView unblock(String actorId, String vendorId, UUID slotId) {
    Slot slot = lockOwned(actorId, vendorId, slotId);
    slots.update(slot.unblock(), clock.instant());
    return slots.view(slotId).orElseThrow();
  }

  /**
   * Locks the slot for the change: holds and commits on it (which take a share lock) wait, so
   * nothing is held or booked between our look at its holds and our write.
   */
  private Slot lockOwned(String actorId, String vendorId, UUID slotId) {
    if (!vendorId.equals(actorId)) {
      throw new DomainViolation("NOT_SLOT_OWNER", "a vendor can only change its own slots");
    }
    Slot slot = slots.findForUpdate(slotId).filter(s -> !s.deleted())
        .orElseThrow(SlotService::notFound);
    if (!slot.isOwnedBy(actorId)) {
      throw new DomainViolation("NOT_SLOT_OWNER", "a vendor can only change its own slots");
    }
    return slot;
  }

  private static DomainViolation notFound() {
    return new DomainViolation("SLOT_NOT_FOUND", "no such slot for this vendor");
  }

  private static TimeRange time(SlotSpec spec) {
    return new TimeRange(spec.startsAt(), spec.endsAt());
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      throw new DomainViolation("INVALID_TIME_ZONE", "not an IANA time zone: " + id);
    }
  }
}
