package com.bookiji.availability.application;

import com.bookiji.availability.domain.Booking;
import java.util.Optional;
import java.util.UUID;

/** Where bookings live. Every method joins the caller's transaction. */
public interface BookingStore {

  /** A second active booking for the slot is refused by the store (it throws). */
  void insert(Booking booking);

  /** @throws IllegalStateException when the stored booking was not active any more */
  void cancel(Booking cancelled);

  Optional<Booking> find(UUID id);

  /** Row lock until the transaction ends. */
  Optional<Booking> findForUpdate(UUID id);

  long countActive();
}
