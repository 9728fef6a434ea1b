package com.bookiji.reservation.application;

/** The first response to an idempotent request, replayed for the same key and body. */
public record StoredResponse(int status, String body, String reservationId) {}
