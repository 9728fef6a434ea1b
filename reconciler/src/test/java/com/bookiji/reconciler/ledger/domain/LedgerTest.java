package com.bookiji.reconciler.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a reservation's money ledger")
class LedgerTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Money EUR_50 = new Money(5000, "eur");

  @Test
  @DisplayName("an authorization is pending until its capture posts it")
  void authorizeThenCapture() {
    Ledger authorized = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0);
    assertThat(authorized.pending()).isEqualTo(Map.of("EUR", 5000L));
    assertThat(authorized.posted()).isEmpty();

    Ledger captured = authorized.captured("pi_1", "ch_1", EUR_50, T0.plusSeconds(60));
    assertThat(captured.pending()).isEmpty();
    assertThat(captured.posted()).isEqualTo(Map.of("EUR", 5000L));
    assertThat(captured.authorizations().get("pi_1").resolution()).isEqualTo(Authorization.Resolution.CAPTURED);
    assertThat(captured.stripeIds()).containsExactly("pi_1", "ch_1");
    assertThat(captured.anomalies()).isEmpty();
  }

  @Test
  @DisplayName("a void resolves the pending amount without posting anything")
  void voidResolvesWithoutPosting() {
    Ledger voided = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).voided("pi_1", T0.plusSeconds(5));
    assertThat(voided.pending()).isEmpty();
    assertThat(voided.posted()).isEmpty();
    assertThat(voided.holdsPostedMoney()).isFalse();
  }

  @Test
  @DisplayName("a pending amount resolves at most once; a second, different resolution is an anomaly")
  void resolvesOnce() {
    Ledger twice = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).voided("pi_1", T0.plusSeconds(5))
        .captured("pi_1", "ch_1", EUR_50, T0.plusSeconds(9));
    assertThat(twice.anomalies()).singleElement().asString().contains("resolved twice: VOIDED then CAPTURED");
    assertThat(twice.authorizations().get("pi_1").resolution()).isEqualTo(Authorization.Resolution.VOIDED);

    Ledger sameVoidAgain = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).voided("pi_1", T0)
        .voided("pi_1", T0.plusSeconds(1));
    assertThat(sameVoidAgain.anomalies()).as("the same void told twice is one void").isEmpty();
  }

  @Test
  @DisplayName("refunds take back from what was posted, partially or in full, each refund once")
  void refunds() {
    Ledger captured = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).captured("pi_1", "ch_1", EUR_50, T0);
    Ledger partly = captured.refunded("pi_1", "re_1", new Money(2000, "EUR"), T0.plusSeconds(60));
    assertThat(partly.posted()).isEqualTo(Map.of("EUR", 3000L));
    assertThat(partly.refunded("pi_1", "re_1", new Money(2000, "EUR"), T0.plusSeconds(61)).posted())
        .as("the same refund told twice").isEqualTo(Map.of("EUR", 3000L));
    Ledger fully = partly.refunded("pi_1", "re_2", new Money(3000, "EUR"), T0.plusSeconds(90));
    assertThat(fully.posted()).isEqualTo(Map.of("EUR", 0L));
    assertThat(fully.holdsPostedMoney()).isFalse();
    assertThat(fully.anomalies()).isEmpty();
  }

  @Test
  @DisplayName("posted money never goes below zero unnoticed")
  void neverNegative() {
    Ledger over = Ledger.empty("r-1").captured("pi_1", "ch_1", EUR_50, T0)
        .refunded("pi_1", "re_1", new Money(6000, "EUR"), T0.plusSeconds(1));
    assertThat(over.anomalies()).singleElement().asString().contains("below zero (-1000)");
  }

  @Test
  @DisplayName("amounts are kept per currency")
  void perCurrency() {
    Ledger two = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).authorized("pi_2", new Money(700, "USD"), T0);
    assertThat(two.pending()).isEqualTo(Map.of("EUR", 5000L, "USD", 700L));
  }

  @Test
  @DisplayName("a dispute keeps its newest status; open and lost ones withdraw money, a won one gives it back")
  void disputes() {
    Ledger captured = Ledger.empty("r-1").authorized("pi_1", EUR_50, T0).captured("pi_1", "ch_1", EUR_50, T0.plusSeconds(60));
    Ledger open = captured.disputed("pi_1", "dp_1", EUR_50, "needs_response", T0.plusSeconds(120));
    assertThat(open.disputedWithdrawn()).isEqualTo(Map.of("EUR", 5000L));
    assertThat(open.stripeIds()).contains("dp_1");
    Ledger won = open.disputed("pi_1", "dp_1", EUR_50, "won", T0.plusSeconds(300));
    assertThat(won.disputedWithdrawn()).isEmpty();
    assertThat(won.disputed("pi_1", "dp_1", EUR_50, "under_review", T0.plusSeconds(200)))
        .as("an older status arriving late changes nothing").isEqualTo(won);
  }
}
