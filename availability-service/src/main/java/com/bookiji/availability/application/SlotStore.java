package com.bookiji.availability.application;

import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.Slot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where vendors' slots live. Every method joins the caller's transaction. */
public interface SlotStore {

  /** @throws DomainViolation SLOT_OVERLAP when the slot overlaps another of the vendor's slots */
  void insert(Slot slot, Instant now);

  /**
   * Writes a changed slot (times, price, block flag, deletion).
   *
   * @throws DomainViolation SLOT_OVERLAP when the changed slot overlaps another of the vendor's
   */
  void update(Slot slot, Instant now);

  Optional<Slot> find(UUID id);

  /**
   * Shared lock until the transaction ends: many holds may read the slot at once, but a vendor's
   * change (which takes {@link #findForUpdate}) waits for them, and they for it — so a change
   * never slips between a hold's check of the slot and its insert.
   */
  Optional<Slot> findForShare(UUID id);

  /** Exclusive lock until the transaction ends: holds and commits on the slot wait. */
  Optional<Slot> findForUpdate(UUID id);

  /** The status of the slot's live (ACTIVE or COMMITTED) hold; null when it has none. */
  HoldStatus liveHoldStatus(UUID slotId);

  /** A live (not deleted) slot with its state. */
  Optional<SlotView> view(UUID id);

  /** A vendor's live slots that overlap [from, to), in start order, at most {@code limit}. */
  List<SlotView> listByVendor(String vendorId, Instant from, Instant to, int limit);
}
