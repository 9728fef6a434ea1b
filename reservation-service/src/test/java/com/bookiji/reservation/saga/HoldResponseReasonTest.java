package com.bookiji.reservation.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.SagaMessage.DeadlineFired;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a reservation that expired waiting for its hold says what is known about the HoldSlot")
class HoldResponseReasonTest {

  private final SagaState holdPending = SagaFixtures.started().next();
  private final Instant due = holdPending.deadlines().get(DeadlineKind.HOLD_RESPONSE);
  private final Instant written = SagaFixtures.T0;

  private SagaState fire(CommandDelivery delivery) {
    Transition t = SagaFixtures.apply(holdPending, new DeadlineFired(SagaFixtures.RES, DeadlineKind.HOLD_RESPONSE, delivery));
    assertThat(t.next().outcome()).isEqualTo(ReservationState.EXPIRED);
    return t.next();
  }

  @Test
  @DisplayName("not yet published: still in reservation-service's own outbox, since when, and where to look")
  void stillInOwnOutbox() {
    SagaState expired = fire(new CommandDelivery.StillInOutbox(written, due));

    assertThat(expired.outcomeDetail())
        .contains("HoldSlot was not yet published", "written at " + written,
            "still in reservation-service's own outbox at " + due, "look at reservation-service's outbox relay",
            "waited 30 s")
        .doesNotContain("availability did not answer");
  }

  @Test
  @DisplayName("published and unanswered: between which times it left the outbox, and that availability-service is where to look")
  void publishedUnanswered() {
    SagaState expired = fire(new CommandDelivery.Published(written, due));

    assertThat(expired.outcomeDetail())
        .contains("availability did not answer HoldSlot", "published to availability.commands between " + written,
            "and " + due, "look at availability-service", "waited 30 s");
  }

  @Test
  @DisplayName("the timeline carries the same reason")
  void timeline() {
    Transition t = SagaFixtures.apply(holdPending,
        new DeadlineFired(SagaFixtures.RES, DeadlineKind.HOLD_RESPONSE, new CommandDelivery.StillInOutbox(written, due)));
    assertThat(t.note()).contains("HoldSlot was not yet published");
  }
}
