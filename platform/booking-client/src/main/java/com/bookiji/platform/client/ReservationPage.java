package com.bookiji.platform.client;

import java.util.List;

/** One page of {@code GET /reservations}, newest first; {@code nextCursor} is null on the last page. */
public record ReservationPage(List<Reservation> items, String nextCursor) {

  public ReservationPage {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
