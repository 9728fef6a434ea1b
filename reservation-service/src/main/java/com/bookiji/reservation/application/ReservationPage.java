package com.bookiji.reservation.application;

import com.bookiji.reservation.saga.SagaState;
import java.util.List;

/** One page of reservations; {@code nextCursor} is null on the last page. */
public record ReservationPage(List<SagaState> items, String nextCursor) {}
