package com.bookiji.availability.it;

import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import java.time.Instant;
import java.util.UUID;

/** Avro command builders for tests. */
public final class Cmd {

  private Cmd() {}

  public static HoldSlot hold(String reservationId, Object slotId, int ttlSeconds) {
    return HoldSlot.newBuilder().setReservationId(reservationId).setSlotId(String.valueOf(slotId))
        .setRequesterId("requester-" + reservationId).setHoldTtlSeconds(ttlSeconds)
        .setOccurredAt(Instant.now()).build();
  }

  public static CommitHold commit(String reservationId, Object holdId) {
    return CommitHold.newBuilder().setReservationId(reservationId)
        .setHoldId(String.valueOf(holdId)).setOccurredAt(Instant.now()).build();
  }

  public static ReleaseHold release(String reservationId, Object holdId) {
    return ReleaseHold.newBuilder().setReservationId(reservationId)
        .setHoldId(holdId == null ? null : String.valueOf(holdId)).setReason("test")
        .setOccurredAt(Instant.now()).build();
  }

  public static CancelBooking cancel(String reservationId, Object bookingId) {
    return CancelBooking.newBuilder().setReservationId(reservationId)
        .setBookingId(String.valueOf(bookingId)).setReason("test").setOccurredAt(Instant.now())
        .build();
  }

  public static String newReservation(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
