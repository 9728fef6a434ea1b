package com.bookiji.payment.domain;

import java.util.List;

/** The next state of a payment and the facts the change publishes (possibly none). */
public record Transition(Payment payment, List<PaymentEvent> events) {

  public Transition {
    events = List.copyOf(events);
  }

  public static Transition unchanged(Payment payment) {
    return new Transition(payment, List.of());
  }

  public static Transition to(Payment payment, PaymentEvent... events) {
    return new Transition(payment, List.of(events));
  }

  public boolean changed(Payment before) {
    return !payment.equals(before) || !events.isEmpty();
  }
}
