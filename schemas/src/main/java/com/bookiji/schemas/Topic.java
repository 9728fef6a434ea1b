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
  AVAILABILITY_COMMANDS("availability.commands", 6, "reservationId",
      List.of(HoldSlot.class, ReleaseHold.class, CommitHold.class, CancelBooking.class)),
  AVAILABILITY_EVENTS("availability.events", 6, "reservationId",
      List.of(SlotHeld.class, SlotHoldRejected.class, HoldReleased.class, HoldExpired.class,
          HoldCommitted.class, HoldCommitRejected.class, BookingCancelled.class)),
  PAYMENT_COMMANDS("payment.commands", 6, "reservationId",
      List.of(AuthorizePayment.class, CapturePayment.class, VoidPayment.class, RefundPayment.class)),
  PAYMENT_EVENTS("payment.events", 6, "reservationId",
      List.of(PaymentAuthorizationStarted.class, PaymentAuthorized.class,
          PaymentAuthorizationFailed.class, PaymentAuthorizationExpired.class, PaymentCaptured.class,
          PaymentCaptureFailed.class, PaymentVoided.class, PaymentRefunded.class,
          PaymentRefundFailed.class, PaymentOperationParked.class, PaymentDisputed.class)),
  RESERVATION_EVENTS("reservation.events", 6, "reservationId",
      List.of(ReservationRequested.class, ReservationStateChanged.class)),
  RECONCILER_FINDINGS("reconciler.findings", 1, "findingId",
      List.of(InvariantViolationFound.class, InvariantViolationResolved.class));

  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  private final String topicName;
  private final int partitions;
  private final String keyDescription;
  private final List<Class<? extends SpecificRecord>> valueTypes;

  Topic(String topicName, int partitions, String keyDescription,
      List<Class<? extends SpecificRecord>> valueTypes) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.keyDescription = keyDescription;
    this.valueTypes = valueTypes;
  }

  public String topicName() { return topicName; }

  public int partitions() { return partitions; }

  public String keyDescription() { return keyDescription; }

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
