package com.bookiji.availability.application;

import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import java.time.Instant;

/** A slot with its derived state and, when held, until when. */
public record SlotView(Slot slot, SlotState state, Instant heldUntil) {}
