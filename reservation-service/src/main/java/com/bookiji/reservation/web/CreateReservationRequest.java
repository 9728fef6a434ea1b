package com.bookiji.reservation.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A slot id that is not a UUID string (a number, garbage) is refused before anything is stored. */
@Schema(description = "slotId: the slot's id, as availability-service gave it")
public record CreateReservationRequest(
    @NotNull UUID slotId,
    @Schema(description = "optional; must be the caller (the token's subject)") @Size(max = 200) String requesterId) {}
