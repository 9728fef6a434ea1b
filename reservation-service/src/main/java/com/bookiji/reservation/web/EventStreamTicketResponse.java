package com.bookiji.reservation.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@Schema(name = "EventStreamTicket")
public record EventStreamTicketResponse(
    @Schema(description = "single use, for this reservation and caller") String ticket,
    Instant expiresAt,
    @Schema(description = "open it with new EventSource(eventsUrl)") String eventsUrl) {}
