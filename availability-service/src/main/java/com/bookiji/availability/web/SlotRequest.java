package com.bookiji.availability.web;

import com.bookiji.availability.application.SlotService.SlotSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** A slot as a vendor sends it: instants (with offset) plus the vendor's IANA time zone. */
public record SlotRequest(
    @NotNull @Schema(example = "2026-12-01T09:00:00+01:00") Instant startsAt,
    @NotNull @Schema(example = "2026-12-01T10:00:00+01:00") Instant endsAt,
    @NotBlank @Schema(example = "Europe/Berlin") String timeZone,
    @NotNull @PositiveOrZero @Schema(example = "4500", description = "price in the currency's minor unit;"
        + " must be above 0: free slots are refused with 422 FREE_SLOT_NOT_SUPPORTED, because every"
        + " reservation authorizes a card payment") Long priceAmountMinor,
    @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an upper-case ISO 4217 code")
    @Schema(example = "EUR") String currency) {

  SlotSpec toSpec() {
    return new SlotSpec(startsAt, endsAt, timeZone, priceAmountMinor, currency);
  }
}
