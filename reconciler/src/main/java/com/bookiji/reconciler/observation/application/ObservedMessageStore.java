package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.ObservedMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The read model of observed messages. */
public interface ObservedMessageStore {

  /** Stores the message unless one with the same event id is already there; true when stored. */
  boolean add(ObservedMessage message);

  List<ObservedMessage> byReservation(String reservationId);

  Map<String, Long> countByEventType();

  /**
   * Reservations with a message that carries {@code value} anywhere in its payload (any field, at any
   * depth: a slot, requester, vendor or Stripe id), or as its reservation id; newest first.
   */
  List<String> reservationsMentioning(String value, int limit);

  /** Reservations of the messages at offsets {@code [from, to)} of one partition, as far as observed. */
  List<String> reservationsBetween(String topic, int partition, long fromOffset, long toOffset);

  /** Messages of one event type, newest first. */
  List<ObservedMessage> byEventType(String eventType, int limit);

  Optional<ObservedMessage> at(String topic, int partition, long offset);

  /** Every stored message, in the order it was stored. */
  void replay(Consumer<ObservedMessage> each);
}
