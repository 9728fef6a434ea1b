package com.bookiji.reservation.application;

import com.bookiji.reservation.saga.SagaState;
import java.util.List;

/** A reservation as the API shows it: its saga state and its timeline. */
public record ReservationView(SagaState state, List<TimelineEntry> timeline) {}
