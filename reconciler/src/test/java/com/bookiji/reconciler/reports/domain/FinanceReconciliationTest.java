package com.bookiji.reconciler.reports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.Severity;
import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.stripe.domain.StripeCharge;
import com.bookiji.reconciler.stripe.domain.StripeDispute;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.bookiji.reconciler.stripe.domain.StripeRefund;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the finance report ties every Stripe object to our side and bridges the difference to 0")
class FinanceReconciliationTest {

  private static final Instant DAY1 = Instant.parse("2026-11-30T09:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-12-01T09:00:00Z");
  private static final ReportPeriod PERIOD = new ReportPeriod(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"));

  private final AuditModel model = new AuditModel();
  private final List<StripeIntent> intents = new ArrayList<>();
  private final List<StripeCharge> charges = new ArrayList<>();
  private final List<StripeRefund> refunds = new ArrayList<>();
  private final List<StripeDispute> disputes = new ArrayList<>();

  private void fact(Fact f) {
    model.apply(UUID.randomUUID(), f);
  }

  private void confirmed(String r, long amount, String currency, Instant at) {
    Money m = new Money(amount, currency);
    fact(new Fact.PaymentAuthorized(r, "pi_" + r, m, at));
    fact(new Fact.HoldCommitted(r, "s-" + r, "h-" + r, "b-" + r, at.plusSeconds(1)));
    fact(new Fact.PaymentCaptured(r, "pi_" + r, "ch_" + r, m, at.plusSeconds(2)));
    fact(new Fact.ReservationStateChanged(r, "CONFIRMED", true, m, at.plusSeconds(3)));
    intents.add(new StripeIntent("pi_" + r, "succeeded", amount, currency.toLowerCase(), r, at, amount));
    charges.add(new StripeCharge("ch_" + r, "pi_" + r, amount, 0, true, currency.toLowerCase(), at.plusSeconds(2)));
  }

  private FinanceReport report(List<FindingRecord> findings) {
    return FinanceReconciliation.build(PERIOD, new StripeListing(DAY1.minusSeconds(86400), DAY2.plusSeconds(3600), 1,
        intents, refunds, disputes, charges), model.snapshot(), findings, DAY2.plusSeconds(3600));
  }

  @Test
  @DisplayName("confirmations, a decline, a void, a partial refund, an external refund, a dispute and an open authorization")
  void wholePeriod() {
    confirmed("r-1", 5000, "EUR", DAY1);
    confirmed("r-2", 3000, "EUR", DAY2);
    confirmed("r-3", 1999, "USD", DAY2);
    // r-2 partly refunded by the saga; r-3 refunded outside the saga (at the Dashboard): a discrepancy.
    fact(new Fact.PaymentRefunded("r-2", "pi_r-2", "re_saga", new Money(1000, "EUR"), DAY2.plusSeconds(60)));
    refunds.add(new StripeRefund("re_saga", "pi_r-2", 1000, "eur", "succeeded", DAY2.plusSeconds(60)));
    refunds.add(new StripeRefund("re_dashboard", "pi_r-3", 500, "usd", "succeeded", DAY2.plusSeconds(70)));
    // r-1 disputed; the ledger knows it.
    fact(new Fact.PaymentDisputed("r-1", "pi_r-1", "dp_1", new Money(5000, "EUR"), "needs_response", DAY2));
    disputes.add(new StripeDispute("dp_1", "pi_r-1", 5000, "eur", "needs_response", DAY2));
    // r-4 declined: a PaymentIntent that was never authorized.
    fact(new Fact.ReservationStateChanged("r-4", "FAILED_PAYMENT", true, new Money(4000, "EUR"), DAY1));
    intents.add(new StripeIntent("pi_r-4", "requires_payment_method", 4000, "eur", "r-4", DAY1, 0));
    // r-5 voided after its hold expired.
    fact(new Fact.PaymentAuthorized("r-5", "pi_r-5", new Money(2500, "EUR"), DAY1));
    fact(new Fact.PaymentVoided("r-5", "pi_r-5", DAY1.plusSeconds(900)));
    fact(new Fact.ReservationStateChanged("r-5", "EXPIRED", true, new Money(2500, "EUR"), DAY1.plusSeconds(900)));
    intents.add(new StripeIntent("pi_r-5", "canceled", 2500, "eur", "r-5", DAY1, 0));
    // r-6 still waiting for the vendor at the period's end: open, pending — not a break.
    fact(new Fact.PaymentAuthorized("r-6", "pi_r-6", new Money(7000, "EUR"), DAY2));
    fact(new Fact.ReservationStateChanged("r-6", "AWAITING_CONFIRMATIONS", false, new Money(7000, "EUR"), DAY2));
    intents.add(new StripeIntent("pi_r-6", "requires_capture", 7000, "eur", "r-6", DAY2, 0));
    // Outside the period: ignored.
    intents.add(new StripeIntent("pi_old", "succeeded", 9999, "eur", "r-old", DAY1.minusSeconds(3 * 86400), 9999));

    FindingRecord mismatch = FindingRecord.raised(new Finding("STRIPE_STATE_MISMATCH", Severity.CRITICAL, "pi_r-3", "r-3",
        "refunded at Stripe 500, in our ledger 0"), DAY2.plusSeconds(200));
    FinanceReport report = report(List.of(mismatch));

    assertThat(report.totals().get("EUR")).containsExactlyInAnyOrderEntriesOf(Map.of(
        Category.AUTHORIZED, 5000L + 3000 + 2500 + 7000, Category.CAPTURED, 8000L, Category.VOIDED, 2500L,
        Category.REFUNDED, 1000L, Category.DISPUTED, 5000L, Category.OPEN_AUTHORIZATION, 7000L,
        Category.DECLINED, 4000L));
    assertThat(report.totals().get("USD")).containsEntry(Category.CAPTURED, 1999L).containsEntry(Category.REFUNDED, 500L);
    assertThat(report.totalsByDay().get(LocalDate.parse("2026-11-30")).get("EUR"))
        .containsEntry(Category.CAPTURED, 5000L).containsEntry(Category.VOIDED, 2500L);
    assertThat(report.totalsByDay().get(LocalDate.parse("2026-12-01")).get("EUR")).containsEntry(Category.CAPTURED, 3000L);

    assertThat(report.discrepancies()).singleElement().satisfies(d -> {
      assertThat(d.stripeId()).isEqualTo("re_dashboard");
      assertThat(d.findingBreakId()).isEqualTo("STRIPE_STATE_MISMATCH:pi_r-3");
      assertThat(d.reservationId()).isEqualTo("r-3");
      assertThat(d.bookingId()).isEqualTo("b-r-3");
    });
    assertThat(report.pending()).as("its authorization matches the ledger; only its openness is pending")
        .extracting(ReportLine::stripeId, ReportLine::category)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pi_r-6", Category.OPEN_AUTHORIZATION));

    ReportLine capture = report.lines().stream().filter(l -> l.stripeId().equals("ch_r-1")).findFirst().orElseThrow();
    assertThat(capture.ledgerEntry()).isEqualTo("capture pi_r-1/ch_r-1");
    assertThat(capture.status()).isEqualTo(LineStatus.MATCHED);

    CurrencyBridge eur = report.bridge().stream().filter(b -> b.currency().equals("EUR")).findFirst().orElseThrow();
    assertThat(eur.bookingsMinor()).isEqualTo(8000);
    assertThat(eur.stripeNetMinor()).isEqualTo(8000 - 1000 - 5000);
    assertThat(eur.residualMinor()).isZero();
    CurrencyBridge usd = report.bridge().stream().filter(b -> b.currency().equals("USD")).findFirst().orElseThrow();
    assertThat(usd.steps()).contains(new BridgeLine("USD", "refunded outside the saga", -500));
    assertThat(usd.residualMinor()).isZero();
    assertThat(report.complete()).isTrue();
  }

  @Test
  @DisplayName("a capture for a reservation that did not confirm is bridged as captured without a booking, a break once it ended")
  void captureWithoutBooking() {
    Money m = new Money(4200, "EUR");
    fact(new Fact.PaymentAuthorized("r-x", "pi_r-x", m, DAY1));
    fact(new Fact.ReservationStateChanged("r-x", "FAILED_COMMIT", true, m, DAY1.plusSeconds(5)));
    intents.add(new StripeIntent("pi_r-x", "succeeded", 4200, "eur", "r-x", DAY1, 4200));
    charges.add(new StripeCharge("ch_r-x", "pi_r-x", 4200, 0, true, "eur", DAY1.plusSeconds(4)));

    FinanceReport report = report(List.of());

    assertThat(report.discrepancies()).extracting(ReportLine::stripeId).containsExactly("ch_r-x");
    CurrencyBridge eur = report.bridge().get(0);
    assertThat(eur.bookingsMinor()).isZero();
    assertThat(eur.steps()).contains(new BridgeLine("EUR", "captured for reservations without a booking", 4200));
    assertThat(eur.residualMinor()).isZero();
  }

  @Test
  @DisplayName("a period is whole UTC days, ends after it starts, and is at most a year")
  void periods() {
    ReportPeriod day = new ReportPeriod(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-01"));
    assertThat(day.contains(Instant.parse("2026-12-01T00:00:00Z"))).isTrue();
    assertThat(day.contains(Instant.parse("2026-12-01T23:59:59.999Z"))).isTrue();
    assertThat(day.contains(Instant.parse("2026-12-02T00:00:00Z"))).isFalse();
    assertThatThrownBy(() -> new ReportPeriod(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-01")))
        .hasMessageContaining("before it starts");
    assertThatThrownBy(() -> new ReportPeriod(LocalDate.parse("2025-01-01"), LocalDate.parse("2026-12-01")))
        .hasMessageContaining("at most");
  }
}
