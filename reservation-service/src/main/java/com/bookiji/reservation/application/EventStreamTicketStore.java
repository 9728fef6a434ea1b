package com.bookiji.reservation.application;

import java.time.Instant;
import java.util.Optional;

/** Single-use tickets for opening an event stream without a bearer header (only hashes stored). */
public interface EventStreamTicketStore {

  void save(String ticketHash, String reservationId, String actorId, String actorRole, Instant expiresAt);

  /** Deletes the ticket and returns what it was issued for: a ticket works once. */
  Optional<Issued> take(String ticketHash, String reservationId);

  int purgeExpired(Instant now);

  record Issued(String actorId, String actorRole, Instant expiresAt) {}
}
