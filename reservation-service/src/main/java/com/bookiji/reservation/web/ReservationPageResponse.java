package com.bookiji.reservation.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(name = "ReservationPage")
public record ReservationPageResponse(List<ReservationResponse> items,
    @Schema(description = "pass as ?cursor= for the next page; null on the last page") String nextCursor) {}
