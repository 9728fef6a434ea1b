package com.bookiji.reconciler.stripe.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ORPHAN_PAYMENT_INTENT: every PaymentIntent at Stripe maps to a reservation")
class OrphanPaymentIntentTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private final OrphanPaymentIntent check = new OrphanPaymentIntent(Duration.ofMinutes(2));

  private static StripeIntent intent(String id, String status, String reservationId, Duration createdAfterT0) {
    return new StripeIntent(id, status, 5000, "eur", reservationId, T0.plus(createdAfterT0));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("an intent of an observed reservation", intent("pi_1", "requires_capture", "r-1", Duration.ZERO),
            Duration.ofMinutes(10), List.of()),
        Arguments.of("an intent of a reservation never observed", intent("pi_2", "requires_capture", "r-9", Duration.ZERO),
            Duration.ofMinutes(10), List.of("pi_2")),
        Arguments.of("an intent without metadata", intent("pi_3", "succeeded", null, Duration.ZERO),
            Duration.ofMinutes(10), List.of("pi_3")),
        Arguments.of("a cancelled orphan needs nothing", intent("pi_4", "canceled", "r-9", Duration.ZERO),
            Duration.ofMinutes(10), List.of()),
        Arguments.of("an orphan younger than the grace: its events may be on their way",
            intent("pi_5", "requires_payment_method", "r-9", Duration.ofMinutes(9)), Duration.ofMinutes(10), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsOrphans(String situation, StripeIntent intent, Duration now, List<String> subjects) {
    AuditModel model = new AuditModel();
    model.apply(UUID.randomUUID(), new Fact.ReservationRequested("r-1", "s-1", T0));
    ModelSnapshot snapshot = model.snapshot();
    StripeListing listing = new StripeListing(T0.minus(Duration.ofDays(8)), T0.plus(now), 1, List.of(intent));

    List<Finding> findings = check.check(snapshot, listing, T0.plus(now));

    assertThat(findings).extracting(Finding::subjectId).containsExactlyElementsOf(subjects);
    assertThat(findings).allSatisfy(f -> assertThat(f.breakId()).isEqualTo("ORPHAN_PAYMENT_INTENT:" + f.subjectId()));
  }
}
