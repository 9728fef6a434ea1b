package com.bookiji.platform.it;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.RejectedMessageException;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The walking skeleton: "service A" records a reservation and asks for a hold through the outbox
 * in one transaction; the same app consumes availability.commands through the inbox and applies
 * an effect row. Slot ids steer the handler: {@code reject} → RejectedMessageException,
 * {@code flaky-N} → fails N times, then succeeds.
 */
@SpringBootApplication
public class SkeletonApp {

  public static final Topic TOPIC = Topic.AVAILABILITY_COMMANDS;

  @Bean
  InboxSubscription skeletonInbox(JdbcTemplate jdbc, FailureCounter failures,
      @Value("${skeleton.consumer-name}") String consumerName) {
    return new InboxSubscription(consumerName, List.of(TOPIC), message -> {
      HoldSlot command = (HoldSlot) message.payload();
      String slot = command.getSlotId();
      if (slot.equals("reject")) {
        throw new RejectedMessageException("slot " + slot + " is not bookable");
      }
      if (slot.startsWith("flaky-")
          && failures.next(message.eventId()) <= Integer.parseInt(slot.substring(6))) {
        throw new IllegalStateException("transient failure for " + message.eventId());
      }
      jdbc.update("""
          INSERT INTO skeleton_effect (reservation_id, applied) VALUES (?, 1)
          ON CONFLICT (reservation_id) DO UPDATE SET applied = skeleton_effect.applied + 1""",
          command.getReservationId());
    });
  }

  @Bean
  FailureCounter failureCounter() {
    return new FailureCounter();
  }

  /** Counts handler attempts per event (a transient fault that heals). */
  public static final class FailureCounter {
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    int next(UUID eventId) {
      return attempts.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Service
  public static class ReservationDesk {
    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    public ReservationDesk(JdbcTemplate jdbc, Outbox outbox) {
      this.jdbc = jdbc;
      this.outbox = outbox;
    }

    /** The state change and its message commit together. */
    @Transactional
    public UUID requestHold(String reservationId, String slotId) {
      jdbc.update("INSERT INTO skeleton_reservation (reservation_id, slot_id) VALUES (?, ?)",
          reservationId, slotId);
      return outbox.append(TOPIC, reservationId, holdSlot(reservationId, slotId),
          MessageContext.root(reservationId));
    }

    /** Writes both, then fails: neither the row nor the message may survive. */
    @Transactional
    public void requestHoldThenFail(String reservationId, String slotId) {
      requestHold(reservationId, slotId);
      throw new IllegalStateException("business rule failed after the outbox append");
    }
  }

  public static HoldSlot holdSlot(String reservationId, String slotId) {
    return HoldSlot.newBuilder().setReservationId(reservationId).setSlotId(slotId)
        .setRequesterId("requester-1").setHoldTtlSeconds(600).setOccurredAt(Instant.now())
        .build();
  }
}
