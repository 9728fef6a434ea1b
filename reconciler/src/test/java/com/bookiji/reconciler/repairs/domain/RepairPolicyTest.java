package com.bookiji.reconciler.repairs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("repair policy: which finding gets which repair, and when a repair no longer applies")
class RepairPolicyTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Money EUR_50 = new Money(5000, "EUR");

  private final AuditModel model = new AuditModel();

  private RepairPolicyTest given(Fact fact) {
    model.apply(UUID.randomUUID(), fact);
    return this;
  }

  private ModelSnapshot snapshot() {
    return model.snapshot();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "AUTHORIZATION_LEFT_OPEN, VOID_AUTHORIZATION, AUTO",
      "HOLD_NOT_RESOLVED, RELEASE_HOLD, AUTO",
      "CAPTURE_WITHOUT_BOOKING, REFUND_CAPTURE, PROPOSE",
      "ORPHAN_PAYMENT_INTENT, CANCEL_ORPHAN_INTENT, PROPOSE"})
  @DisplayName("each repairable finding maps to its repair and default mode; the repair id is the break's")
  void plans(String code, RepairType type, RepairMode mode) {
    RepairPlan plan = RepairPolicy.plan(code, code + ":x", "x", "r-1").orElseThrow();
    assertThat(plan.type()).isEqualTo(type);
    assertThat(type.defaultMode()).isEqualTo(mode);
    assertThat(plan.repairId()).isEqualTo("repair:" + code + ":x");
  }

  @ParameterizedTest
  @CsvSource({"DOUBLE_BOOKING", "MULTIPLE_CAPTURES", "SAGA_STUCK", "DEAD_LETTERED_MESSAGE", "LEDGER_INCONSISTENT"})
  @DisplayName("breaks no command can fix are left for a person")
  void noPlan(String code) {
    assertThat(RepairPolicy.plan(code, code + ":x", "x", "r-1")).isEmpty();
  }

  @Test
  @DisplayName("a void applies to a pending authorization of an ended reservation, not once it was captured or the saga still runs")
  void voidAuthorization() {
    RepairPlan plan = RepairPlan.of(RepairType.VOID_AUTHORIZATION, "AUTHORIZATION_LEFT_OPEN:pi_1", "pi_1", "r-1");
    given(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0));
    given(new Fact.ReservationStateChanged("r-1", "AWAITING_CONFIRMATIONS", false, EUR_50, T0));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("has not ended");

    given(new Fact.ReservationStateChanged("r-1", "EXPIRED", true, EUR_50, T0.plusSeconds(60)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).isEmpty();

    given(new Fact.PaymentVoided("r-1", "pi_1", T0.plusSeconds(70)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("no longer pending");
  }

  @Test
  @DisplayName("a release applies to an active hold, not once it is booked or its reservation commits")
  void releaseHold() {
    RepairPlan plan = RepairPlan.of(RepairType.RELEASE_HOLD, "HOLD_NOT_RESOLVED:h-1", "h-1", "r-1");
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("unknown");
    given(new Fact.SlotHeld("r-1", "s-1", "h-1", T0.plusSeconds(600), EUR_50, T0.plusSeconds(86400), T0));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).isEmpty();

    given(new Fact.ReservationStateChanged("r-1", "COMMIT_PENDING", false, EUR_50, T0.plusSeconds(30)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("COMMIT_PENDING");

    given(new Fact.HoldCommitted("r-1", "s-1", "h-1", "b-1", T0.plusSeconds(31)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("BOOKED");
  }

  @Test
  @DisplayName("a refund applies to captured money of an unconfirmed reservation, never once it became CONFIRMED")
  void refundCapture() {
    RepairPlan plan = RepairPlan.of(RepairType.REFUND_CAPTURE, "CAPTURE_WITHOUT_BOOKING:r-1", "r-1", "r-1");
    given(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0));
    given(new Fact.PaymentCaptured("r-1", "pi_1", "ch_1", EUR_50, T0.plusSeconds(5)));
    given(new Fact.ReservationStateChanged("r-1", "FAILED_COMMIT", true, EUR_50, T0.plusSeconds(6)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).isEmpty();

    given(new Fact.ReservationStateChanged("r-1", "CONFIRMED", true, EUR_50, T0.plusSeconds(7)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("CONFIRMED");
  }

  @Test
  @DisplayName("a refund no longer applies once the money was refunded")
  void refundAfterRefund() {
    RepairPlan plan = RepairPlan.of(RepairType.REFUND_CAPTURE, "CAPTURE_WITHOUT_BOOKING:r-1", "r-1", "r-1");
    given(new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0));
    given(new Fact.PaymentCaptured("r-1", "pi_1", "ch_1", EUR_50, T0.plusSeconds(5)));
    given(new Fact.PaymentRefunded("r-1", "pi_1", "re_1", EUR_50, T0.plusSeconds(9)));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("refunded meanwhile");
  }

  @Test
  @DisplayName("an orphan is cancelled only while Stripe can cancel it and no reservation owns it")
  void cancelOrphan() {
    RepairPlan plan = RepairPlan.of(RepairType.CANCEL_ORPHAN_INTENT, "ORPHAN_PAYMENT_INTENT:pi_9", "pi_9", "r-9");
    StripeIntent open = new StripeIntent("pi_9", "requires_capture", 5000, "eur", "r-9", T0);
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.empty())).get().asString().contains("could not be read");
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.of(open))).isEmpty();
    StripeIntent succeeded = new StripeIntent("pi_9", "succeeded", 5000, "eur", "r-9", T0);
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.of(succeeded))).get().asString().contains("refund it by hand");

    given(new Fact.ReservationRequested("r-9", "s-9", T0));
    assertThat(RepairPolicy.refusal(plan, snapshot(), Optional.of(open))).get().asString().contains("observed meanwhile");
  }
}
