package com.bookiji.reservation.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.SagaWorld.Hold;
import com.bookiji.reservation.saga.SagaWorld.Intent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * The saga against a model of the other services ({@link SagaWorld}: their refusals, dead letters,
 * parked payments, the slot's price — free slots included — and a clock that only moves forward),
 * with random orders, duplicates, delays, human decisions, deadlines and faults. Whatever happens,
 * once everyone is quiet the money and the slot must be where the outcome says.
 */
@Label("The reservation saga under random orders, duplicates, delays and faults")
class SagaPropertiesTest {

  @Property(tries = 3000)
  @Label("every run settles: a terminal state, no active hold, no open authorization, money only with a booking")
  void everyRunSettlesSafely(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int chaosSteps,
      @ForAll boolean cooperative, @ForAll("prices") long price,
      @ForAll boolean availabilityRefusesFreeSlots, @ForAll boolean providerDownAtFirst) {
    SagaWorld world = new SagaWorld(seed, price, availabilityRefusesFreeSlots);
    world.providerDown = providerDownAtFirst; // payment operations are parked until it comes back
    world.run(chaosSteps, cooperative);
    Statistics.label("outcome").collect(world.state.state());
    Statistics.label("faults").collect(world.deadLetters.isEmpty() ? "no dead letter" : "dead letters",
        world.log.stream().anyMatch(l -> l.contains("sweep resumes")) ? "parked and resumed" : "never parked");

    String history = "\n" + world.history();
    assertThat(world.violations).as(history).isEmpty();
    assertThat(world.settled()).as("settled" + history).isTrue();
    assertThat(world.hold).as("no hold left blocking the slot" + history).isNotEqualTo(Hold.ACTIVE);
    assertThat(world.intent).as("no authorization left uncaptured" + history)
        .isNotIn(Intent.AUTHORIZED, Intent.REQUIRES_PAYMENT_METHOD);
    assertThat(world.providerCaptures).as("at most one capture" + history).isLessThanOrEqualTo(1);
    if (world.state.state() == ReservationState.CONFIRMED) {
      assertThat(world.hold).as("a confirmed reservation has its booking" + history).isEqualTo(Hold.BOOKED);
      assertThat(world.intent).as("a confirmed reservation is paid" + history).isEqualTo(Intent.CAPTURED);
      assertThat(world.amountCaptured).as("paid the slot's price" + history).isEqualTo(price);
    } else {
      assertThat(world.hold).as("a failed reservation has no booking" + history).isNotEqualTo(Hold.BOOKED);
      assertThat(world.intent).as("a failed reservation keeps no money" + history).isNotEqualTo(Intent.CAPTURED);
    }
    if (price == 0) {
      assertThat(world.state.state()).as("a free slot is never booked" + history)
          .isNotEqualTo(ReservationState.CONFIRMED);
      assertThat(world.authorizationsSent).as("no authorization of 0 is asked for" + history).isZero();
      assertThat(world.intent).as("no intent for a free slot" + history).isEqualTo(Intent.NONE);
    }
  }

  @Provide
  Arbitrary<Long> prices() {
    return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 5000L, 99_999_999L),
        Arbitraries.longs().between(1, 1_000_000));
  }

  @Property(tries = 200)
  @Label("a free slot is refused at once: never blocked for the payment wait, whichever availability answers")
  void freeSlotIsRefusedAtOnce(@ForAll long seed, @ForAll boolean availabilityRefusesFreeSlots) {
    SagaWorld world = new SagaWorld(seed, 0, availabilityRefusesFreeSlots);
    world.run(0, true);
    String history = "\n" + world.history();
    assertThat(world.state.state()).as(history).isEqualTo(ReservationState.REJECTED);
    assertThat(world.hold).as(history)
        .isEqualTo(availabilityRefusesFreeSlots ? Hold.NONE : Hold.RELEASED);
    assertThat(java.time.Duration.between(SagaFixtures.T0, world.clock.instant()))
        .as("settled without waiting for any deadline" + history)
        .isLessThan(SagaFixtures.policy().holdResponseTimeout());
    assertThat(world.authorizationsSent).isZero();
  }

  @Property(tries = 500)
  @Label("an authorization that arrives after the outcome is voided")
  void lateAuthorizationIsVoided(@ForAll long seed) {
    SagaWorld world = new SagaWorld(seed);
    // Let availability hold the slot and payment create the intent, then let the requester be too slow.
    world.processAvailabilityCommand();
    world.deliver(world.availabilityEvents.removeFirst());
    world.processPaymentCommand();
    world.deliver(world.paymentEvents.removeFirst());
    world.deliver(new SagaMessage.DeadlineFired(SagaFixtures.RES,
        com.bookiji.reservation.domain.DeadlineKind.PAYMENT_AUTHORIZATION));
    world.run(0);
    assertThat(world.state.state()).isEqualTo(ReservationState.EXPIRED);
    // The card is confirmed at the provider after the reservation expired (the intent was voided,
    // so the provider refuses) — and even a PaymentAuthorized that slips through is voided at once.
    world.intent = Intent.AUTHORIZED;
    world.paymentEvents.add(new SagaMessage.PaymentAuthorized(SagaFixtures.RES, SagaFixtures.PI, 5000));
    world.run(0);
    assertThat(world.state.state()).isEqualTo(ReservationState.EXPIRED);
    assertThat(world.intent).as(world.history()).isEqualTo(Intent.CANCELLED);
    assertThat(world.settled()).isTrue();
  }
}
