package com.bookiji.reservation.saga;

import java.time.Instant;

/**
 * What reservation-service can tell, from its own outbox, about a command it wrote there: whether
 * its relay has published it yet. A command that never left our outbox and one that another service
 * received and did not answer fail the same deadline, but on-call must open different services.
 */
public sealed interface CommandDelivery {

  /** Not looked at: the reason of this deadline does not depend on it. */
  CommandDelivery NOT_CHECKED = new NotChecked();

  record NotChecked() implements CommandDelivery {}

  /** Still in reservation-service's outbox at {@code checkedAt}: its relay has not published it. */
  record StillInOutbox(Instant writtenAt, Instant checkedAt) implements CommandDelivery {}

  /**
   * Gone from the outbox at {@code checkedAt}: published (the relay deletes a row only after the
   * broker acknowledged it), some time between {@code writtenAt} and {@code checkedAt}.
   */
  record Published(Instant writtenAt, Instant checkedAt) implements CommandDelivery {}
}
