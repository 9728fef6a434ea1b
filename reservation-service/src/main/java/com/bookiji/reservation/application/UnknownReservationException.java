package com.bookiji.reservation.application;

/** A message names a reservation this service does not have: it can never be applied. */
public class UnknownReservationException extends RuntimeException {
  public UnknownReservationException(String reservationId) {
    super("unknown reservation " + reservationId);
  }
}
