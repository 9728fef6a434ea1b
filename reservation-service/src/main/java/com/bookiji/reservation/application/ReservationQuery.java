package com.bookiji.reservation.application;

import com.bookiji.reservation.domain.ReservationState;
import java.time.Instant;

/** Filter and page position for listing reservations (newest first). */
public record ReservationQuery(String requesterId, String vendorId, ReservationState state,
    Instant afterCreatedAt, String afterId, int limit) {}
