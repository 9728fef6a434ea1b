package com.bookiji.reconciler.stripe.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.Severity;
import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("STRIPE_STATE_MISMATCH: for an ended reservation, Stripe and our ledger agree")
class StripeStateMismatchTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Money EUR_50 = new Money(5000, "EUR");
  private static final Instant NOW = T0.plus(Duration.ofMinutes(30));

  private final StripeStateMismatch check = new StripeStateMismatch(Duration.ofMinutes(2));
  private final AuditModel model = new AuditModel();

  private StripeStateMismatchTest fact(Fact fact) {
    model.apply(UUID.randomUUID(), fact);
    return this;
  }

  /** r-1 captured 5000 EUR on pi_1 and was CONFIRMED at T0 + 2 m. */
  private StripeStateMismatchTest confirmed() {
    return fact(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0))
        .fact(new Fact.PaymentCaptured("r-1", "pi_1", "ch_1", EUR_50, T0.plusSeconds(60)))
        .fact(new Fact.ReservationStateChanged("r-1", "CONFIRMED", true, EUR_50, T0.plusSeconds(120)));
  }

  private static StripeIntent captured(long received) {
    return new StripeIntent("pi_1", "succeeded", 5000, "eur", "r-1", T0, received);
  }

  private static StripeRefund refund(String id, long amount) {
    return new StripeRefund(id, "pi_1", amount, "eur", "succeeded", T0.plusSeconds(600));
  }

  private List<Finding> run(List<StripeIntent> intents, List<StripeRefund> refunds, Instant now) {
    ModelSnapshot snapshot = model.snapshot();
    return check.check(snapshot, new StripeListing(T0, now, 1, intents, refunds), now);
  }

  @Test
  @DisplayName("a confirmed reservation whose capture Stripe holds, unrefunded, raises nothing")
  void agreeing() {
    confirmed();
    assertThat(run(List.of(captured(5000)), List.of(), NOW)).isEmpty();
  }

  @Test
  @DisplayName("a partial refund made in the Stripe Dashboard is found, naming the refund the saga never made")
  void refundOutsideTheSaga() {
    confirmed();
    List<Finding> findings = run(List.of(captured(5000)), List.of(refund("re_dash", 2000)), NOW);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.breakId()).isEqualTo("STRIPE_STATE_MISMATCH:pi_1");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.detail()).contains("refunded at Stripe 2000, in our ledger 0").contains("re_dash");
    });
  }

  @Test
  @DisplayName("a refund the saga made and the ledger knows is no mismatch")
  void refundKnown() {
    confirmed().fact(new Fact.PaymentRefunded("r-1", "pi_1", "re_saga", EUR_50, T0.plusSeconds(600)));
    assertThat(run(List.of(captured(5000)), List.of(refund("re_saga", 5000)), NOW)).isEmpty();
  }

  @Test
  @DisplayName("an amount captured at Stripe that differs from the ledger is found")
  void capturedAmountDiffers() {
    confirmed();
    assertThat(run(List.of(captured(4000)), List.of(), NOW)).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("captured at Stripe 4000, in our ledger 5000"));
  }

  @Test
  @DisplayName("an authorization Stripe still holds that the ledger says was voided is found")
  void voidedButStillAuthorized() {
    fact(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0))
        .fact(new Fact.PaymentVoided("r-1", "pi_1", T0.plusSeconds(60)))
        .fact(new Fact.ReservationStateChanged("r-1", "EXPIRED", true, EUR_50, T0.plusSeconds(61)));
    assertThat(run(List.of(new StripeIntent("pi_1", "requires_capture", 5000, "eur", "r-1", T0, 0)), List.of(), NOW))
        .singleElement().satisfies(f -> assertThat(f.detail()).contains("Stripe still holds the authorization"));
  }

  @Test
  @DisplayName("while the saga runs, or within the grace after it ended, nothing is judged")
  void sagaStillActing() {
    fact(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0))
        .fact(new Fact.ReservationStateChanged("r-1", "CAPTURE_PENDING", false, EUR_50, T0.plusSeconds(60)));
    assertThat(run(List.of(captured(5000)), List.of(), NOW)).as("captured at Stripe, event on its way").isEmpty();
    fact(new Fact.ReservationStateChanged("r-1", "CONFIRMED", true, EUR_50, NOW.minusSeconds(30)));
    assertThat(run(List.of(captured(5000)), List.of(), NOW)).as("ended 30 s ago, grace 2 m").isEmpty();
  }

  @Test
  @DisplayName("a dispute at Stripe the ledger does not know, or whose status it does not know yet, is found; a known one is not")
  void disputes() {
    confirmed();
    StripeDispute open = new StripeDispute("dp_1", "pi_1", 5000, "eur", "needs_response", T0.plusSeconds(600));
    assertThat(run(List.of(captured(5000)), List.of(), NOW, List.of(open))).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("dispute dp_1 (needs_response, 5000) is not in our ledger"));

    fact(new Fact.PaymentDisputed("r-1", "pi_1", "dp_1", EUR_50, "needs_response", T0.plusSeconds(601)));
    assertThat(run(List.of(captured(5000)), List.of(), NOW, List.of(open))).isEmpty();

    StripeDispute lost = new StripeDispute("dp_1", "pi_1", 5000, "eur", "lost", T0.plusSeconds(600));
    assertThat(run(List.of(captured(5000)), List.of(), NOW, List.of(lost))).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("dispute dp_1 is lost at Stripe, needs_response in our ledger"));
  }

  private List<Finding> run(List<StripeIntent> intents, List<StripeRefund> refunds, Instant now,
      List<StripeDispute> disputes) {
    return check.check(model.snapshot(), new StripeListing(T0, now, 1, intents, refunds, disputes), now);
  }

  @Test
  @DisplayName("a charge whose captured amount differs from what the ledger posted for that charge is found")
  void chargeAmountDiffers() {
    confirmed();
    StripeCharge agreeing = new StripeCharge("ch_1", "pi_1", 5000, 0, true, "eur", T0);
    StripeCharge differing = new StripeCharge("ch_1", "pi_1", 3000, 0, true, "eur", T0);
    assertThat(check.check(model.snapshot(), new StripeListing(T0, NOW, 1, List.of(captured(5000)), List.of(), List.of(),
        List.of(agreeing)), NOW)).isEmpty();
    assertThat(check.check(model.snapshot(), new StripeListing(T0, NOW, 1, List.of(captured(5000)), List.of(), List.of(),
        List.of(differing)), NOW)).singleElement()
        .satisfies(f -> assertThat(f.detail()).contains("charge ch_1 captured 3000 at Stripe, 5000 in our ledger"));
  }
}
