package com.bookiji.reconciler.reports.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One Stripe object in one category, tied to our side: {@code reservationId} (from the object's
 * metadata or the ledger), {@code stripeStatus} (the object's status at Stripe), {@code bookingId} (the availability booking, if any), {@code ledgerEntry}
 * (which ledger entry it is, null when the ledger does not know it). Amounts in minor units, gross;
 * {@code ledgerAmountMinor} is what our ledger holds for the same object (null when it holds nothing).
 */
public record ReportLine(LocalDate day, Instant at, String currency, Category category, LineStatus status,
    String stripeObject, String stripeId, String stripeStatus, String paymentIntentId, String reservationId, String reservationState,
    String bookingId, String ledgerEntry, long amountMinor, Long ledgerAmountMinor, String findingBreakId,
    String note) {}
