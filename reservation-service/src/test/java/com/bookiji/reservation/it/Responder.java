package com.bookiji.reservation.it;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cooperative availability and payment services on the broker: every command is answered with
 * its success event (the card is authorized as soon as the intent exists). Each command is
 * answered once per eventId, as the real services' inboxes would.
 */
final class Responder implements AutoCloseable {

  private final OtherServices others;
  private final Clock clock;
  private final Map<String, String> slotVendor;
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  /** @param slotVendor vendor per slot id, for SlotHeld */
  Responder(OtherServices others, Clock clock, Map<String, String> slotVendor) {
    this.others = others;
    this.clock = clock;
    this.slotVendor = slotVendor;
    loop.scheduleWithFixedDelay(this::answerAll, 0, 200, TimeUnit.MILLISECONDS);
  }

  private void answerAll() {
    try {
      for (Topic topic : new Topic[] {Topic.AVAILABILITY_COMMANDS, Topic.PAYMENT_COMMANDS}) {
        for (ProbedRecord r : others.probe().readAll(topic.topicName())) {
          String eventId = r.header(MessageHeaders.EVENT_ID);
          if (answered.add(eventId)) {
            answer(r.key(), r.payload());
          }
        }
      }
    } catch (RuntimeException e) {
      // The next round tries again.
    }
  }

  private void answer(String id, Object command) {
    String slot = command instanceof HoldSlot h ? h.getSlotId() : null;
    String vendor = slot == null ? "vendor" : slotVendor.getOrDefault(slot, "vendor");
    Events events = new Events(id, slot == null ? "slot" : slot, vendor);
    if (command instanceof HoldSlot) {
      others.publish(id, events.slotHeld(clock.instant().plus(Duration.ofMinutes(15))));
    } else if (command instanceof AuthorizePayment) {
      others.publish(id, events.authorizationStarted());
      others.publish(id, events.authorized());
    } else if (command instanceof CommitHold) {
      others.publish(id, events.holdCommitted());
    } else if (command instanceof CapturePayment) {
      others.publish(id, events.captured());
    } else if (command instanceof ReleaseHold) {
      others.publish(id, events.holdReleased());
    } else if (command instanceof VoidPayment) {
      others.publish(id, events.voided());
    } else if (command instanceof CancelBooking) {
      others.publish(id, events.bookingCancelled());
    } else if (command instanceof RefundPayment) {
      others.publish(id, events.refunded());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
