package com.bookiji.reservation.application;

import java.time.Instant;

/** One line of a reservation's history. */
public record TimelineEntry(long seq, Instant at, String fromState, String toState, String trigger, String note) {}
