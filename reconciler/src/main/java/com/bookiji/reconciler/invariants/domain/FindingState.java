package com.bookiji.reconciler.invariants.domain;

/** OPEN → ACKNOWLEDGED (someone is on it) → RESOLVED (the check passed again, or a person said why). */
public enum FindingState { OPEN, ACKNOWLEDGED, RESOLVED }
