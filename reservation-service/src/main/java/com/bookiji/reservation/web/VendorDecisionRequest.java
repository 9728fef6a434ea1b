package com.bookiji.reservation.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record VendorDecisionRequest(@NotNull Decision decision, @Size(max = 500) String reason) {
  public enum Decision { CONFIRM, DECLINE }
}
