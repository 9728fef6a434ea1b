package com.bookiji.reservation.application;

import static com.bookiji.reservation.application.RequestRefused.Kind.*;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.domain.VendorDecision;
import com.bookiji.reservation.saga.Command;
import com.bookiji.reservation.saga.CommandDelivery;
import com.bookiji.reservation.saga.ReservationSaga;
import com.bookiji.reservation.saga.SagaMessage;
import com.bookiji.reservation.saga.SagaState;
import com.bookiji.reservation.saga.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import com.bookiji.reservation.application.ReservationStore.ReadStamp;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reservation use cases. Each one is a single database transaction in which the saga step,
 * its deadlines, its timeline line and its outbox messages commit together — so a crash at any
 * point either loses the whole step (it is redone from the inbox / the deadline table) or none of it.
 */
@Service
public class ReservationService {

  private static final Logger log = LoggerFactory.getLogger(ReservationService.class);
  static final int MAX_PAGE = 100;

  private final ReservationStore store;
  private final IdempotencyStore keys;
  private final SagaMessagePublisher messages;
  private final ReservationSaga saga;
  private final Clock clock;
  private final ReservationProperties properties;
  private final SagaMetrics metrics;
  private final TransactionTemplate tx;

  public ReservationService(ReservationStore store, IdempotencyStore keys, SagaMessagePublisher messages,
      ReservationSaga saga, Clock clock, ReservationProperties properties, SagaMetrics metrics,
      TransactionTemplate tx) {
    this.store = store;
    this.keys = keys;
    this.messages = messages;
    this.saga = saga;
    this.clock = clock;
    this.properties = properties;
    this.metrics = metrics;
    this.tx = tx;
  }

  public record CreateOutcome(StoredResponse response, boolean replayed) {}

  /**
   * POST /reservations. The Idempotency-Key is locked for the transaction (a concurrent duplicate
   * gets 409 at once instead of waiting), and its record — with the response — commits together
   * with the reservation, so a replay always finds a reservation that exists.
   */
  @Transactional
  public CreateOutcome create(Actor actor, String idempotencyKey, String slotId, String requesterId,
      Function<ReservationView, StoredResponse> render) {
    requireRole(actor, Role.REQUESTER);
    if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      throw new RequestRefused(BAD_REQUEST, "IDEMPOTENCY_KEY_REQUIRED",
          "an Idempotency-Key header of 1 to 255 characters is required");
    }
    if (requesterId != null && !requesterId.equals(actor.id())) {
      throw new RequestRefused(FORBIDDEN, "REQUESTER_MISMATCH",
          "a requester can only reserve for itself");
    }
    String hash = sha256(slotId + "\n" + actor.id());
    if (!keys.tryLock(actor.id(), idempotencyKey)) {
      throw new RequestRefused(CONFLICT, "IDEMPOTENCY_KEY_IN_USE",
          "a request with this Idempotency-Key is being processed");
    }
    Instant now = clock.instant();
    Optional<IdempotencyStore.Record> previous = keys.find(actor.id(), idempotencyKey, now);
    if (previous.isPresent()) {
      if (!previous.get().requestHash().equals(hash)) {
        throw new RequestRefused(UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED",
            "this Idempotency-Key was used with a different request");
      }
      return new CreateOutcome(previous.get().response(), true);
    }
    refuseWhenTooManyAwaitingPayment(actor.id(), now);
    String id = UUID.randomUUID().toString();
    Transition start = saga.start(id, slotId, actor.id());
    MessageContext context = MessageContext.root(id);
    store.insert(start.next());
    store.rememberTrace(id, context.traceparent());
    messages.publishRequested(start.next(), idempotencyKey, context);
    persist(start, context, "ReservationRequested");
    StoredResponse response = render.apply(view(id));
    keys.save(actor.id(), idempotencyKey, hash, response, now, now.plus(properties.idempotencyKeyTtl()));
    return new CreateOutcome(response, false);
  }

  /**
   * A requester may block at most {@code limits.maxAwaitingPayment} slots without an authorized
   * card. Counted under a per-requester lock, so concurrent requests cannot both slip under it.
   */
  private void refuseWhenTooManyAwaitingPayment(String requesterId, Instant now) {
    store.lockRequester(requesterId);
    ReservationStore.AwaitingPayment waiting = store.awaitingPayment(requesterId);
    int max = properties.limits().maxAwaitingPayment();
    if (waiting.count() >= max) {
      Duration untilOneEnds = waiting.earliestDeadline() == null ? properties.holdResponseTimeout()
          : Duration.between(now, waiting.earliestDeadline());
      throw new RequestRefused(TOO_MANY_REQUESTS, "TOO_MANY_AWAITING_PAYMENT",
          "at most " + max + " reservations may wait for a payment at once; pay or cancel one first",
          untilOneEnds.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : untilOneEnds);
    }
  }

  @Transactional(readOnly = true)
  public ReservationView get(Actor actor, String id) {
    SagaState state = store.find(id).orElseThrow(() -> notFound(id));
    authorizeRead(actor, state.reservationId(), state.requesterId(), state.vendorId());
    return new ReservationView(state, store.timeline(id, 0));
  }

  /**
   * The version of a reservation the actor may read (refused like {@link #get} otherwise): one
   * indexed row, for conditional reads that answer 304 without loading the timeline.
   */
  @Transactional(readOnly = true)
  public ReadStamp readStamp(Actor actor, String id) {
    ReadStamp stamp = store.readStamp(id).orElseThrow(() -> notFound(id));
    authorizeRead(actor, id, stamp.requesterId(), stamp.vendorId());
    return stamp;
  }

  /**
   * The reservation with the version it has in the same snapshot (repeatable read: the version
   * can never be newer than the body, or a client would keep a stale body on a 304).
   */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public VersionedView getVersioned(Actor actor, String id) {
    return versioned(id, readStamp(actor, id));
  }

  /**
   * The reservation after a conditional read missed, with the version that read's {@link #readStamp}
   * gave this actor, so the miss costs no second stamp read. That version is as old as the body's or
   * older, never newer: at worst the client's next conditional read fetches the same body once more.
   */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public VersionedView getVersioned(Actor actor, String id, ReadStamp missed) {
    authorizeRead(actor, id, missed.requesterId(), missed.vendorId());
    return versioned(id, missed);
  }

  private VersionedView versioned(String id, ReadStamp stamp) {
    SagaState state = store.find(id).orElseThrow(() -> notFound(id));
    return new VersionedView(new ReservationView(state, store.timeline(id, 0)), stamp.version());
  }

  public record VersionedView(ReservationView view, long version) {}

  /** Timeline lines after {@code afterSeq}, for server-sent events; authorization checked by the caller. */
  @Transactional(readOnly = true)
  public Optional<ReservationView> changesSince(String id, long afterSeq) {
    return store.find(id).map(s -> new ReservationView(s, store.timeline(id, afterSeq)));
  }

  @Transactional(readOnly = true)
  public ReservationPage list(Actor actor, String requesterId, String vendorId, ReservationState state,
      String cursor, Integer limit) {
    int size = limit == null ? 20 : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw new RequestRefused(BAD_REQUEST, "INVALID_LIMIT", "limit must be between 1 and " + MAX_PAGE);
    }
    switch (actor.role()) {
      case REQUESTER -> {
        if (requesterId != null && !requesterId.equals(actor.id())) {
          throw new RequestRefused(FORBIDDEN, "NOT_YOUR_RESERVATIONS", "a requester sees only its own reservations");
        }
        requesterId = actor.id();
      }
      case VENDOR -> {
        if (vendorId != null && !vendorId.equals(actor.id())) {
          throw new RequestRefused(FORBIDDEN, "NOT_YOUR_RESERVATIONS", "a vendor sees only reservations for its slots");
        }
        vendorId = actor.id();
      }
      case OPS -> { }
    }
    Instant afterCreatedAt = null;
    String afterId = null;
    if (cursor != null) { // a blank cursor is not "the first page": it is not one this API issued
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
        afterCreatedAt = Instant.parse(parts[0]);
        afterId = parts[1];
      } catch (RuntimeException e) {
        throw new RequestRefused(BAD_REQUEST, "INVALID_CURSOR", "the cursor is not one this API returned");
      }
    }
    List<SagaState> rows = store.list(new ReservationQuery(requesterId, vendorId, state, afterCreatedAt, afterId, size + 1));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      SagaState last = rows.get(size - 1);
      next = Base64.getUrlEncoder().withoutPadding().encodeToString(
          (last.createdAt() + "|" + last.reservationId()).getBytes(StandardCharsets.UTF_8));
    }
    return new ReservationPage(List.copyOf(rows), next);
  }

  /** POST /reservations/{id}/vendor-decision: only the vendor of the held slot may decide, once. */
  @Transactional
  public ReservationView decide(Actor actor, String id, boolean confirm, String reason) {
    requireRole(actor, Role.VENDOR);
    SagaState state = store.lock(id).orElseThrow(() -> notFound(id));
    if (!actor.id().equals(state.vendorId())) {
      // Not this vendor's slot (or not held yet, so no vendor knows it): as if it did not exist.
      throw notFound(id);
    }
    VendorDecision wanted = confirm ? VendorDecision.CONFIRMED : VendorDecision.DECLINED;
    if (state.vendorDecision() == wanted) {
      return view(id); // the same decision again: nothing to do
    }
    if (state.state() != ReservationState.AWAITING_CONFIRMATIONS || state.vendorDecision() != VendorDecision.PENDING) {
      throw new RequestRefused(CONFLICT, "NOT_AWAITING_VENDOR",
          "the reservation is " + state.state() + "; the vendor can no longer decide");
    }
    SagaMessage message = confirm ? new SagaMessage.VendorConfirmed(id, actor.id())
        : new SagaMessage.VendorDeclined(id, actor.id(), reason);
    persist(saga.transition(state, message), sagaContext(id), message.label());
    return view(id);
  }

  /** POST /reservations/{id}/cancel: the requester, before or after confirmation (refund when captured). */
  @Transactional
  public ReservationView cancel(Actor actor, String id) {
    requireRole(actor, Role.REQUESTER);
    SagaState state = store.lock(id).orElseThrow(() -> notFound(id));
    if (!state.requesterId().equals(actor.id())) {
      throw notFound(id);
    }
    boolean cancelling = state.state() == ReservationState.CANCELLED
        || state.outcome() == ReservationState.CANCELLED || state.cancelRequested();
    if (cancelling) {
      return view(id);
    }
    if (state.state().isFailure() || state.state() == ReservationState.COMPENSATING) {
      throw new RequestRefused(CONFLICT, "RESERVATION_ENDED",
          "the reservation has already ended as " + Optional.ofNullable(state.outcome()).orElse(state.state()));
    }
    SagaMessage message = new SagaMessage.RequesterCancelled(id, actor.id());
    persist(saga.transition(state, message), sagaContext(id), message.label());
    return view(id);
  }

  /** A fact from availability or payment; runs inside the inbox transaction. */
  @Transactional
  public void handle(SagaMessage message, MessageContext context) {
    SagaState state = store.lock(message.reservationId())
        .orElseThrow(() -> new UnknownReservationException(message.reservationId()));
    persist(saga.transition(state, message), context, message.label());
  }

  /**
   * Fires every due deadline, one reservation per transaction. A reservation locked by another
   * instance (or by a message being handled) is skipped and picked up on the next round.
   */
  public int fireDueDeadlines() {
    Instant now = clock.instant();
    int fired = 0;
    for (String id : store.withDueDeadlines(now, properties.deadlineBatchSize())) {
      try {
        Integer n = tx.execute(status -> fireDeadlines(id));
        fired += n == null ? 0 : n;
      } catch (RuntimeException e) {
        // One broken reservation must not stop the others' timers.
        log.error("firing deadlines of reservation {} failed; retrying next round", id, e);
      }
    }
    return fired;
  }

  private int fireDeadlines(String id) {
    Optional<SagaState> locked = store.tryLock(id);
    if (locked.isEmpty()) {
      return 0;
    }
    SagaState state = locked.get();
    Instant now = clock.instant();
    List<DeadlineKind> due = state.deadlines().entrySet().stream()
        .filter(e -> !e.getValue().isAfter(now))
        .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
        .map(Map.Entry::getKey).toList();
    int fired = 0;
    for (DeadlineKind kind : due) {
      if (!state.deadlines().containsKey(kind)) {
        continue; // an earlier deadline of this round cleared it
      }
      CommandDelivery awaited = kind == DeadlineKind.HOLD_RESPONSE ? holdSlotDelivery(state, now) : CommandDelivery.NOT_CHECKED;
      SagaMessage message = new SagaMessage.DeadlineFired(id, kind, awaited);
      Transition t = saga.transition(state, message);
      persist(t, sagaContext(id), message.label());
      state = t.next();
      fired++;
    }
    return fired;
  }

  /**
   * The context for a step no message caused (a vendor's decision, a cancellation, a deadline): the
   * reservation's own trace goes on, so one reservation is one trace from POST to its end.
   */
  private MessageContext sagaContext(String id) {
    return store.trace(id).map(t -> new MessageContext(id, null, t).resumed())
        .orElseGet(() -> MessageContext.root(id));
  }

  /** Whether the HoldSlot written with the reservation has left our own outbox (relayed rows are deleted). */
  private CommandDelivery holdSlotDelivery(SagaState state, Instant now) {
    return store.oldestInOutbox(state.reservationId(), Command.HoldSlot.class.getSimpleName())
        .<CommandDelivery>map(written -> new CommandDelivery.StillInOutbox(written, now))
        .orElseGet(() -> new CommandDelivery.Published(state.createdAt(), now));
  }

  @Transactional
  public int purgeExpiredIdempotencyKeys() {
    return keys.purgeExpired(clock.instant());
  }

  private void persist(Transition t, MessageContext context, String trigger) {
    SagaState next = t.next();
    if (t.isNoOp()) {
      log.debug("reservation {}: {} {}", next.reservationId(), trigger, t.note());
      return;
    }
    if (t.previous() != null) {
      store.update(t.previous(), next);
    }
    store.applyDeadlines(next.reservationId(), t.deadlinesToSet(), t.deadlinesToClear());
    store.appendTimeline(next.reservationId(), clock.instant(),
        t.previous() == null ? null : t.previous().state().name(), next.state().name(), trigger, t.note());
    messages.publish(next, t.commands(), context);
    store.notifyChanged(next.reservationId());
    if (t.stateChanged() && next.state().isTerminal()) {
      metrics.outcomeAfterCommit(next.state());
    }
    log.info("reservation {}: {} -> {} on {}: {}", next.reservationId(),
        t.previous() == null ? "-" : t.previous().state(), next.state(), trigger, t.note());
  }

  private ReservationView view(String id) {
    return new ReservationView(store.find(id).orElseThrow(), store.timeline(id, 0));
  }

  private static void authorizeRead(Actor actor, String id, String requesterId, String vendorId) {
    boolean allowed = switch (actor.role()) {
      case REQUESTER -> requesterId.equals(actor.id());
      case VENDOR -> actor.id().equals(vendorId);
      case OPS -> true;
    };
    if (!allowed) {
      // 404, not 403: a stranger must not learn that the reservation exists.
      throw notFound(id);
    }
  }

  private static void requireRole(Actor actor, Role role) {
    if (actor.role() != role) {
      throw new RequestRefused(FORBIDDEN, "FORBIDDEN", "this operation needs role " + role);
    }
  }

  private static RequestRefused notFound(String id) {
    return new RequestRefused(NOT_FOUND, "RESERVATION_NOT_FOUND", "no reservation " + id);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
