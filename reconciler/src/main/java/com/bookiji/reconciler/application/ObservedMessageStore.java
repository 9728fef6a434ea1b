package com.bookiji.reconciler.application;

import com.bookiji.reconciler.domain.ObservedMessage;
import java.util.List;
import java.util.Map;

/** The read model of observed messages. */
public interface ObservedMessageStore {

  /** Stores the message unless one with the same event id is already there; true when stored. */
  boolean add(ObservedMessage message);

  List<ObservedMessage> byReservation(String reservationId);

  Map<String, Long> countByEventType();
}
