package com.bookiji.reconciler.observation.messaging;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.BookingCancelled;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.payment.PaymentAuthorizationExpired;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentDisputed;
import com.bookiji.schemas.payment.PaymentVoided;
import com.bookiji.schemas.reservation.ReservationRequested;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro record → typed fact: the only place that knows the contracts' field names. Anything it cannot
 * read becomes {@link Fact.Unreadable}, never an exception that would stop the consumer.
 */
public final class FactMapper {

  public Fact fact(SpecificRecord record, String reservationId, Instant observedAt) {
    Instant at = record.getSchema().getField("occurredAt") != null
        && record.get(record.getSchema().getField("occurredAt").pos()) instanceof Instant t ? t : observedAt;
    if (record instanceof ReservationRequested r) {
      return new Fact.ReservationRequested(s(r.getReservationId()), s(r.getSlotId()), at);
    }
    if (record instanceof ReservationStateChanged r) {
      Money amount = r.getAmountMinor() != null && r.getCurrency() != null
          ? new Money(r.getAmountMinor(), s(r.getCurrency())) : null;
      return new Fact.ReservationStateChanged(s(r.getReservationId()), s(r.getState()), r.getTerminal(), amount, at);
    }
    if (record instanceof SlotHeld r) {
      return new Fact.SlotHeld(s(r.getReservationId()), s(r.getSlotId()), s(r.getHoldId()), r.getExpiresAt(),
          new Money(r.getPriceAmountMinor(), s(r.getCurrency())), r.getSlotEndsAt(), at);
    }
    if (record instanceof HoldCommitted r) {
      return new Fact.HoldCommitted(s(r.getReservationId()), s(r.getSlotId()), s(r.getHoldId()), s(r.getBookingId()), at);
    }
    if (record instanceof HoldReleased r) {
      return new Fact.HoldEnded(s(r.getReservationId()), s(r.getHoldId()), "HoldReleased", at);
    }
    if (record instanceof HoldExpired r) {
      return new Fact.HoldEnded(s(r.getReservationId()), s(r.getHoldId()), "HoldExpired", at);
    }
    if (record instanceof BookingCancelled r) {
      return new Fact.BookingCancelled(s(r.getReservationId()), s(r.getSlotId()), s(r.getBookingId()), at);
    }
    if (record instanceof PaymentAuthorized r) {
      return new Fact.PaymentAuthorized(s(r.getReservationId()), s(r.getPaymentIntentId()),
          new Money(r.getAmountMinor(), s(r.getCurrency())), at);
    }
    if (record instanceof PaymentCaptured r) {
      return new Fact.PaymentCaptured(s(r.getReservationId()), s(r.getPaymentIntentId()), s(r.getChargeId()),
          new Money(r.getAmountCapturedMinor(), s(r.getCurrency())), at);
    }
    if (record instanceof PaymentVoided r) {
      return new Fact.PaymentVoided(s(r.getReservationId()), s(r.getPaymentIntentId()), at);
    }
    if (record instanceof PaymentAuthorizationExpired r) {
      return new Fact.PaymentAuthorizationExpired(s(r.getReservationId()), s(r.getPaymentIntentId()), at);
    }
    if (record instanceof PaymentRefunded r) {
      return new Fact.PaymentRefunded(s(r.getReservationId()), s(r.getPaymentIntentId()), s(r.getRefundId()),
          new Money(r.getAmountMinor(), s(r.getCurrency())), at);
    }
    if (record instanceof PaymentDisputed r) {
      return new Fact.PaymentDisputed(s(r.getReservationId()), s(r.getPaymentIntentId()), s(r.getDisputeId()),
          new Money(r.getAmountMinor(), s(r.getCurrency())), s(r.getStatus()), at);
    }
    return new Fact.Noted(reservationId, record.getSchema().getName(), at);
  }

  /** The fact of a stored observation, read back from its Avro JSON encoding. */
  public Fact fact(ObservedMessage stored) {
    if (stored.topic().endsWith(Topic.DEAD_LETTER_SUFFIX)) {
      return DeadLetterObservation.fact(stored);
    }
    try {
      Optional<Class<? extends SpecificRecord>> type = Topic.byName(stored.topic()).stream()
          .flatMap(t -> t.valueTypes().stream())
          .filter(c -> c.getSimpleName().equals(stored.eventType()))
          .findFirst();
      if (type.isEmpty()) {
        return unreadable(stored, "no record type " + stored.eventType() + " on " + stored.topic());
      }
      return fact(AvroJson.decode(stored.payloadJson(), type.get()), stored.reservationId(), stored.observedAt());
    } catch (RuntimeException e) {
      return unreadable(stored, e.toString());
    }
  }

  static Fact.Unreadable unreadable(ObservedMessage m, String problem) {
    return new Fact.Unreadable(m.reservationId(), m.topic(), m.partition(), m.offset(), problem, m.observedAt());
  }

  private static String s(CharSequence text) {
    return text == null ? null : text.toString();
  }
}
