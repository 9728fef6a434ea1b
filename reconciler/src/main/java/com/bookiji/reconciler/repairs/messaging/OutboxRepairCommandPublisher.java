package com.bookiji.reconciler.repairs.messaging;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.reconciler.repairs.application.RepairCommandPublisher;
import com.bookiji.reconciler.repairs.domain.RepairPlan;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The owners' own commands on their {@code *.commands} topics, keyed by reservation like the saga's:
 * the owning service applies them with the same rules and idempotency as any other.
 */
@Component
public class OutboxRepairCommandPublisher implements RepairCommandPublisher {

  private final Outbox outbox;
  private final Clock clock;

  public OutboxRepairCommandPublisher(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public void send(RepairPlan plan) {
    String reason = "reconciler repair " + plan.repairId();
    MessageContext context = MessageContext.root(plan.reservationId());
    switch (plan.type()) {
      case VOID_AUTHORIZATION -> outbox.append(Topic.PAYMENT_COMMANDS, plan.reservationId(),
          VoidPayment.newBuilder().setReservationId(plan.reservationId()).setReason(reason)
              .setOccurredAt(clock.instant()).build(), context);
      case RELEASE_HOLD -> outbox.append(Topic.AVAILABILITY_COMMANDS, plan.reservationId(),
          ReleaseHold.newBuilder().setReservationId(plan.reservationId()).setHoldId(plan.subjectId()).setReason(reason)
              .setOccurredAt(clock.instant()).build(), context);
      case REFUND_CAPTURE -> outbox.append(Topic.PAYMENT_COMMANDS, plan.reservationId(),
          RefundPayment.newBuilder().setReservationId(plan.reservationId()).setAmountMinor(null).setReason(reason)
              .setOccurredAt(clock.instant()).build(), context);
      case CANCEL_ORPHAN_INTENT -> throw new IllegalArgumentException(
          "an orphan PaymentIntent has no owning service to command; it is cancelled at Stripe");
    }
  }
}
