package com.bookiji.platform.client;

/**
 * The answer to {@code POST /reservations}: the reservation, and whether the service replayed the
 * first answer to this Idempotency-Key ({@code Idempotent-Replayed}) instead of starting a saga.
 */
public record Placed(Reservation reservation, boolean replayed) {}
