package com.bookiji.availability.messaging;

import com.bookiji.availability.application.Commands;
import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.schemas.availability.BookingCancelled;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.availability.SlotHoldRejectionReason;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** The only place that knows both the contract (Avro) and the domain. */
final class AvroMapping {

  private AvroMapping() {}

  static Commands.HoldSlot fromAvro(HoldSlot c) {
    return new Commands.HoldSlot(c.getReservationId(), c.getSlotId(), c.getRequesterId(),
        c.getHoldTtlSeconds());
  }

  static Commands.ReleaseHold fromAvro(ReleaseHold c) {
    return new Commands.ReleaseHold(c.getReservationId(), c.getHoldId(), c.getReason());
  }

  static Commands.CommitHold fromAvro(CommitHold c) {
    return new Commands.CommitHold(c.getReservationId(), c.getHoldId());
  }

  static Commands.CancelBooking fromAvro(CancelBooking c) {
    return new Commands.CancelBooking(c.getReservationId(), c.getBookingId(), c.getReason());
  }

  static SpecificRecord toAvro(AvailabilityEvent event) {
    if (event instanceof AvailabilityEvent.SlotHeld e) {
      return SlotHeld.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(e.slotId().toString())
          .setVendorId(e.vendorId())
          .setHoldId(e.holdId().toString())
          .setExpiresAt(e.expiresAt())
          .setPriceAmountMinor(e.price().amountMinor())
          .setCurrency(e.price().currency())
          .setSlotStartsAt(e.slotTime().startsAt())
          .setSlotEndsAt(e.slotTime().endsAt())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.SlotHoldRejected e) {
      return SlotHoldRejected.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(e.slotId())
          .setReason(SlotHoldRejectionReason.valueOf(e.reason().name()))
          .setDetail(e.detail())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.HoldReleased e) {
      return HoldReleased.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(str(e.slotId()))
          .setHoldId(str(e.holdId()))
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.HoldExpired e) {
      return HoldExpired.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(e.slotId().toString())
          .setHoldId(e.holdId().toString())
          .setExpiresAt(e.expiresAt())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.HoldCommitted e) {
      return HoldCommitted.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(e.slotId().toString())
          .setHoldId(e.holdId().toString())
          .setBookingId(e.bookingId().toString())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.HoldCommitRejected e) {
      return HoldCommitRejected.newBuilder()
          .setReservationId(e.reservationId())
          .setHoldId(e.holdId())
          .setReason(HoldCommitRejectionReason.valueOf(e.reason().name()))
          .setDetail(e.detail())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    if (event instanceof AvailabilityEvent.BookingCancelled e) {
      return BookingCancelled.newBuilder()
          .setReservationId(e.reservationId())
          .setSlotId(e.slotId().toString())
          .setBookingId(e.bookingId().toString())
          .setOccurredAt(e.occurredAt())
          .build();
    }
    throw new IllegalArgumentException("no contract for " + event.getClass().getName());
  }

  private static String str(UUID id) {
    return id == null ? null : id.toString();
  }
}
