package com.bookiji.platform.it;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.RefusedMessageException;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.platform.outbox.relay.RelayHooks;
import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The walking skeleton: "service A" records a reservation and asks for a hold through the outbox
 * in one transaction; the same app consumes availability.commands through the inbox and applies
 * an effect row. Slot ids steer the handler: {@code reject} → RefusedMessageException,
 * {@code flaky-N} → fails N times, then succeeds.
 */
@SpringBootApplication
public class SkeletonApp {

  public static final Topic TOPIC = Topic.AVAILABILITY_COMMANDS;

  /** {@code skeleton.consume=false}: an instance that only writes and relays (it reads nothing). */
  @Bean
  @ConditionalOnProperty(name = "skeleton.consume", havingValue = "true", matchIfMissing = true)
  InboxSubscription skeletonInbox(JdbcTemplate jdbc, FailureCounter failures,
      @Value("${skeleton.consumer-name}") String consumerName) {
    return new InboxSubscription(consumerName, List.of(TOPIC), message -> {
      HoldSlot command = (HoldSlot) message.payload();
      String slot = command.getSlotId();
      if (slot.equals("reject")) {
        throw new RefusedMessageException("slot " + slot + " is not bookable");
      }
      if (slot.startsWith("flaky-")
          && failures.next(message.eventId()) <= Integer.parseInt(slot.substring(6))) {
        throw new IllegalStateException("transient failure for " + message.eventId());
      }
      if (slot.startsWith("seq-")) {
        jdbc.update("INSERT INTO skeleton_sequence (reservation_id, seq) VALUES (?, ?)",
            command.getReservationId(), Integer.parseInt(slot.substring(4)));
        return;
      }
      jdbc.update("""
          INSERT INTO skeleton_effect (reservation_id, applied) VALUES (?, 1)
          ON CONFLICT (reservation_id) DO UPDATE SET applied = skeleton_effect.applied + 1""",
          command.getReservationId());
    });
  }

  @Bean
  ScriptedRelayHooks scriptedRelayHooks() {
    return new ScriptedRelayHooks();
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

  /**
   * Faults a test places exactly (one instance per app): a batch that stops after Kafka
   * acknowledged it and before its commit, a Debezium close that hangs or is refused.
   */
  public static final class ScriptedRelayHooks implements RelayHooks {
    private volatile long holdBatchCrossing = Long.MAX_VALUE;
    private final CountDownLatch batchHeld = new CountDownLatch(1);
    private volatile long heldAfterRecords = -1;
    private final CountDownLatch heldBatchReleased = new CountDownLatch(1);
    private volatile boolean closeHangs;
    private final AtomicInteger closeRefusalsLeft = new AtomicInteger();
    private final AtomicInteger closeRequests = new AtomicInteger();
    private final AtomicInteger acknowledgedBatches = new AtomicInteger();
    private volatile CountDownLatch taskStartPaused = new CountDownLatch(0);
    private volatile CountDownLatch taskStartResumed = new CountDownLatch(0);

    /** The next engine stops right before its connector task starts, until resumed. */
    public void pauseNextTaskStart() {
      taskStartResumed = new CountDownLatch(1);
      taskStartPaused = new CountDownLatch(1);
    }

    public void awaitTaskStartPaused(Duration timeout) throws InterruptedException {
      if (!taskStartPaused.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no engine started its connector within " + timeout);
      }
    }

    public void resumeTaskStart() {
      taskStartResumed.countDown();
    }

    @Override
    public void connectorStarted() throws InterruptedException {
      CountDownLatch paused = taskStartPaused;
      if (paused.getCount() > 0) {
        paused.countDown();
        taskStartResumed.await(2, TimeUnit.MINUTES);
      }
    }

    /**
     * The batch that takes this relay past {@code records} published records waits, acknowledged
     * but not committed, until released or its engine is interrupted (a crash or a close).
     */
    public void holdBatchCrossing(long records) {
      holdBatchCrossing = records;
    }

    /** Waits until a batch is held; returns how many records were published by then. */
    public long awaitBatchHeld(Duration timeout) throws InterruptedException {
      if (!batchHeld.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no batch crossed " + holdBatchCrossing + " records");
      }
      return heldAfterRecords;
    }

    /** Lets the held batch go on to its commit. */
    public void releaseHeldBatch() {
      heldBatchReleased.countDown();
    }

    /** Debezium's close never returns (until interrupted) and closes nothing. */
    public void hangEngineClose() {
      closeHangs = true;
    }

    /** Debezium's close is refused {@code times} times, as it is while the connector task starts. */
    public void refuseEngineClose(int times) {
      closeRefusalsLeft.set(times);
    }

    public int closeRequests() {
      return closeRequests.get();
    }

    /** Batches Kafka acknowledged, heartbeat-only batches included. */
    public int acknowledgedBatches() {
      return acknowledgedBatches.get();
    }

    @Override
    public void afterBatchAcknowledged(int records, long relayedBefore) throws InterruptedException {
      acknowledgedBatches.incrementAndGet();
      long crossing = holdBatchCrossing;
      if (relayedBefore < crossing && relayedBefore + records >= crossing) {
        holdBatchCrossing = Long.MAX_VALUE; // once
        heldAfterRecords = relayedBefore + records;
        batchHeld.countDown();
        heldBatchReleased.await(); // until released, or the engine is interrupted
      }
    }

    @Override
    public void closeEngine(DebeziumEngine<?> engine) throws Exception {
      closeRequests.incrementAndGet();
      if (closeHangs) {
        new CountDownLatch(1).await(); // until the relay gives up and interrupts
      }
      if (closeRefusalsLeft.getAndDecrement() > 0) {
        throw new IllegalStateException(
            "Cannot stop engine while tasks are starting, this may lead to leaked resource.");
      }
      engine.close();
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

    /** Message {@code seq} of a key whose messages must arrive in order (no state change). */
    @Transactional
    public UUID requestStep(String reservationId, int seq) {
      return outbox.append(TOPIC, reservationId, holdSlot(reservationId, "seq-" + seq),
          MessageContext.root(reservationId));
    }

    /** Writes both, then fails: neither the row nor the message may survive. */
    @Transactional
    public void requestHoldThenFail(String reservationId, String slotId) {
      requestHold(reservationId, slotId);
      throw new IllegalStateException("business rule failed after the outbox append");
    }
  }

  /** Requests a hold through the outbox and returns its reservation id. */
  public static String requestHold(org.springframework.context.ApplicationContext app) {
    String reservation = UUID.randomUUID().toString();
    app.getBean(ReservationDesk.class).requestHold(reservation, "slot-1");
    return reservation;
  }

  /** Waits until the consumer applied the reservation's hold once: the message went all the way. */
  public static void awaitHoldApplied(JdbcTemplate jdbc, String reservation, Duration within) {
    org.awaitility.Awaitility.await().atMost(within).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM skeleton_effect WHERE reservation_id = ?", Integer.class,
        reservation) == 1);
  }

  public static HoldSlot holdSlot(String reservationId, String slotId) {
    return HoldSlot.newBuilder().setReservationId(reservationId).setSlotId(slotId)
        .setRequesterId("requester-1").setHoldTtlSeconds(600).setOccurredAt(Instant.now())
        .build();
  }
}
