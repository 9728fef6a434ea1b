package com.bookiji.schemas;

import com.bookiji.schemas.availability.*;
import com.bookiji.schemas.payment.*;
import com.bookiji.schemas.reconciler.InvariantViolationFound;
import com.bookiji.schemas.reconciler.InvariantViolationResolved;
import com.bookiji.schemas.reservation.ReservationRequested;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic catalogue: every topic, its partitions, what its key is and which records it carries.
 * Keys are the reservation id on saga topics, so one saga's messages stay in order on one partition.
 * Each topic has a dead-letter twin named {@code <topic>-dlt}.
 */
public enum Topic {
  AVAILABILITY_COMMANDS("availability.commands", 6, Key.RESERVATION_ID,
      List.of(HoldSlot.class, ReleaseHold.class, CommitHold.class, CancelBooking.class)),
  AVAILABILITY_EVENTS("availability.events", 6, Key.RESERVATION_ID,
      List.of(SlotHeld.class, SlotHoldRejected.class, HoldReleased.class, HoldExpired.class,
          HoldCommitted.class, HoldCommitRejected.class, BookingCancelled.class)),
  PAYMENT_COMMANDS("payment.commands", 6, Key.RESERVATION_ID,
      List.of(AuthorizePayment.class, CapturePayment.class, VoidPayment.class, RefundPayment.class)),
  PAYMENT_EVENTS("payment.events", 6, Key.RESERVATION_ID,
      List.of(PaymentAuthorizationStarted.class, PaymentAuthorized.class,
          PaymentAuthorizationFailed.class, PaymentAuthorizationExpired.class, PaymentCaptured.class,
          PaymentCaptureFailed.class, PaymentVoided.class, PaymentRefunded.class,
          PaymentRefundFailed.class, PaymentOperationParked.class, PaymentDisputed.class)),
  RESERVATION_EVENTS("reservation.events", 6, Key.RESERVATION_ID,
      List.of(ReservationRequested.class, ReservationStateChanged.class)),
  RECONCILER_FINDINGS("reconciler.findings", 1, Key.FINDING_ID,
      List.of(InvariantViolationFound.class, InvariantViolationResolved.class));

  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  private final String topicName;
  private final int partitions;
  private final Key key;
  private final List<Class<? extends SpecificRecord>> valueTypes;

  Topic(String topicName, int partitions, Key key,
      List<Class<? extends SpecificRecord>> valueTypes) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.key = key;
    this.valueTypes = valueTypes;
  }

  public String topicName() { return topicName; }

  public int partitions() { return partitions; }

  /** What the records' key is: the aggregate whose messages stay in order on one partition. */
  public Key key() { return key; }

  /** What a topic's records are keyed by. */
  public enum Key {
    RESERVATION_ID("reservationId", "reservation"),
    FINDING_ID("findingId", "finding");

    private final String fieldName;
    private final String aggregateType;

    Key(String fieldName, String aggregateType) {
      this.fieldName = fieldName;
      this.aggregateType = aggregateType;
    }

    /** The payload field that holds the key's value (and the name logs and spans use for it). */
    public String fieldName() { return fieldName; }

    /** The aggregate the key identifies, as the outbox's {@code aggregate_type} column records it. */
    public String aggregateType() { return aggregateType; }
  }

  public List<Class<? extends SpecificRecord>> valueTypes() { return valueTypes; }

  public String deadLetterTopicName() { return topicName + DEAD_LETTER_SUFFIX; }

  public boolean carries(Class<? extends SpecificRecord> type) { return valueTypes.contains(type); }

  public static Optional<Topic> byName(String topicName) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
  }

  /** The one topic that carries this record type. */
  public static Topic carrying(Class<? extends SpecificRecord> type) {
    return Arrays.stream(values()).filter(t -> t.carries(type)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no topic carries " + type.getName()));
  }
}
