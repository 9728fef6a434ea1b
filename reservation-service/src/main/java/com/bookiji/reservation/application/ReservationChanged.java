package com.bookiji.reservation.application;

/**
 * A reservation changed (its step committed, in any instance of the service); {@code null} id =
 * changes may have been missed (the notification channel reconnected), so every listener
 * re-reads what it follows.
 */
public record ReservationChanged(String reservationId) {

  public static ReservationChanged anyMayHaveChanged() {
    return new ReservationChanged(null);
  }

  public boolean concerns(String id) {
    return reservationId == null || reservationId.equals(id);
  }
}
