package com.bookiji.reservation.application;

import static com.bookiji.reservation.application.RequestRefused.Kind.UNAUTHENTICATED;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A browser's EventSource cannot send an Authorization header, and a bearer token in a URL ends
 * up in logs and histories for its whole lifetime. So the frontend, with its bearer token, asks
 * for a ticket: random, for one reservation and one caller, valid for
 * {@code sse.ticket-ttl} (60s) and usable once; only its hash is stored, in the database, so any
 * instance can redeem it.
 */
@Service
public class EventStreamTickets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ReservationService reservations;
  private final EventStreamTicketStore store;
  private final Clock clock;
  private final ReservationProperties properties;

  public EventStreamTickets(ReservationService reservations, EventStreamTicketStore store, Clock clock,
      ReservationProperties properties) {
    this.reservations = reservations;
    this.store = store;
    this.clock = clock;
    this.properties = properties;
  }

  public record Ticket(String ticket, Instant expiresAt) {}

  /** For a caller who may read the reservation (else 404, as for the reservation itself). */
  @Transactional
  public Ticket issue(Actor actor, String reservationId) {
    reservations.get(actor, reservationId);
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plus(properties.sse().ticketTtl());
    store.save(hash(ticket), reservationId, actor.id(), actor.role().name(), expiresAt);
    return new Ticket(ticket, expiresAt);
  }

  /** The caller the ticket was issued to; 401 {@code INVALID_TICKET} when unknown, used, expired or for another reservation. */
  @Transactional
  public Actor redeem(String ticket, String reservationId) {
    EventStreamTicketStore.Issued issued = store.take(hash(ticket), reservationId)
        .filter(i -> i.expiresAt().isAfter(clock.instant()))
        .orElseThrow(() -> new RequestRefused(UNAUTHENTICATED, "INVALID_TICKET",
            "the ticket is unknown, used, expired or for another reservation; ask for a new one"));
    return new Actor(issued.actorId(), Role.valueOf(issued.actorRole()));
  }

  @Transactional
  public int purgeExpired() {
    return store.purgeExpired(clock.instant());
  }

  private static String hash(String ticket) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(ticket.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
