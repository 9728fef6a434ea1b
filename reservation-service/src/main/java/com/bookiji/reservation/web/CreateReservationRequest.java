package com.bookiji.reservation.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateReservationRequest(
    @NotBlank @Size(max = 200) String slotId,
    @Schema(description = "optional; must be the caller (the token's subject)") @Size(max = 200) String requesterId) {}
