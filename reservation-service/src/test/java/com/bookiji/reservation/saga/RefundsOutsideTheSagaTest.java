package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.Command.PublishStateChanged;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Refunds made at Stripe outside the saga (Dashboard, API) reach the saga as PaymentRefunded. */
@DisplayName("Refunds made outside the saga")
class RefundsOutsideTheSagaTest {

  @Test
  @DisplayName("a full refund from the Dashboard, then the requester cancels: the booking is cancelled,"
      + " no second refund, the reservation ends CANCELLED")
  void fullRefundOutsideThenCancel() {
    SagaState confirmed = SagaTableTest.fixture("confirmed");

    Transition refunded = apply(confirmed, new PaymentRefunded(RES, "re_dashboard", 5000, 0));
    assertThat(refunded.next().state()).isEqualTo(ReservationState.CONFIRMED);
    assertThat(refunded.next().payment()).isEqualTo(PaymentStatus.REFUNDED);

    Transition cancelled = apply(refunded.next(), new RequesterCancelled(RES, REQUESTER));
    assertThat(sent(cancelled)).containsExactly("CancelBooking");

    Transition ended = apply(cancelled.next(), new BookingCancelled(RES, BOOKING));
    assertThat(ended.next().state()).isEqualTo(ReservationState.CANCELLED);
    assertThat(sent(ended)).isEmpty();
  }

  @Test
  @DisplayName("a partial refund from the Dashboard leaves the rest captured: cancelling refunds the rest")
  void partialRefundOutsideThenCancel() {
    SagaState confirmed = SagaTableTest.fixture("confirmed");

    Transition partly = apply(confirmed, new PaymentRefunded(RES, "re_dashboard", 2000, 3000));
    assertThat(partly.next().payment()).isEqualTo(PaymentStatus.CAPTURED);

    Transition cancelled = apply(partly.next(), new RequesterCancelled(RES, REQUESTER));
    assertThat(sent(cancelled)).containsExactlyInAnyOrder("CancelBooking", "RefundPayment");
    assertThat(cancelled.commands()).filteredOn(Command.RefundPayment.class::isInstance)
        .singleElement().extracting(c -> ((Command.RefundPayment) c).amountMinor())
        .as("the whole rest").isNull();

    SagaState bookingGone = apply(cancelled.next(), new BookingCancelled(RES, BOOKING)).next();
    Transition ended = apply(bookingGone, new PaymentRefunded(RES, "re_saga", 3000, 0));
    assertThat(ended.next().state()).isEqualTo(ReservationState.CANCELLED);
  }

  private static List<String> sent(Transition t) {
    return t.commands().stream().filter(c -> !(c instanceof PublishStateChanged))
        .map(c -> c.getClass().getSimpleName()).toList();
  }
}
