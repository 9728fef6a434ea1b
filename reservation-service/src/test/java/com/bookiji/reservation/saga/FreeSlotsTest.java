package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.Command.PublishStateChanged;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Free slots (issue #12 item 8) are refused where they are created; a slot priced 0 from before
 * that rule must not block itself for the payment wait: the saga refuses at once.
 */
@DisplayName("A free slot held from before the rule")
class FreeSlotsTest {

  @Test
  @DisplayName("SlotHeld at price 0: no AuthorizePayment, the hold is released at once and the reservation ends REJECTED")
  void freeSlotIsReleasedAtOnce() {
    SagaState holdPending = started().next();

    Transition held = apply(holdPending, new SlotHeld(RES, SLOT, VENDOR, HOLD,
        T0.plus(Duration.ofMinutes(15)), 0, "EUR", T0.plus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));

    assertThat(sent(held)).containsExactly("ReleaseHold");
    assertThat(held.next().state()).isEqualTo(ReservationState.COMPENSATING);
    assertThat(held.next().outcome()).isEqualTo(ReservationState.REJECTED);
    assertThat(held.note()).contains("free slot");

    Transition released = apply(held.next(), new HoldReleased(RES, HOLD));
    assertThat(released.next().state()).isEqualTo(ReservationState.REJECTED);
    assertThat(released.next().hold()).isEqualTo(HoldStatus.RELEASED);
    assertThat(sent(released)).isEmpty();
  }

  private static List<String> sent(Transition t) {
    return t.commands().stream().filter(c -> !(c instanceof PublishStateChanged))
        .map(c -> c.getClass().getSimpleName()).toList();
  }
}
