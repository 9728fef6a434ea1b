package com.bookiji.reconciler.invariants.domain;

/** How urgently on-call must look: CRITICAL = money or a booking is wrong now. */
public enum Severity { CRITICAL, HIGH, MEDIUM, LOW }
