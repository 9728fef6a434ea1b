package com.bookiji.platform.client;

/**
 * A reservation read with its ETag; send the ETag back ({@link BookingClient#readIfChanged}) and the
 * service answers 304 without a body until the reservation changes.
 */
public record StatusRead(Reservation reservation, String etag) {}
