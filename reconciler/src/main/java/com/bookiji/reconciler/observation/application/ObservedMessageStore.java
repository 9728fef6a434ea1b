package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.ObservedMessage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The read model of observed messages. */
public interface ObservedMessageStore {

  /** Stores the message unless one with the same event id is already there; true when stored. */
  boolean add(ObservedMessage message);

  List<ObservedMessage> byReservation(String reservationId);

  Map<String, Long> countByEventType();

  /** Every stored message, in the order it was stored. */
  void replay(Consumer<ObservedMessage> each);
}
