package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.reconciler.observation.domain.ReservationLifecycle;
import com.bookiji.reconciler.repairs.application.Repairs;
import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.stripe.application.StripeReconciliation;
import com.bookiji.reconciler.stripe.domain.StripeCharge;
import com.bookiji.reconciler.stripe.domain.StripeDispute;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.bookiji.reconciler.stripe.domain.StripeRefund;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** One reservation on one page, and finding it by any id that touches it. */
@Service
public class ReservationPages {

  private static final int SEARCH_LIMIT = 50;
  /** The auditor's own consumers read every topic; they say nothing about who would move the saga on. */
  private static final Set<String> AUDITOR_GROUPS = Set.of("reconciler", "reconciler-dead-letters");

  private final Observations observations;
  private final Audit audit;
  private final Repairs repairs;
  private final StripeReconciliation stripe;
  private final LagBoard lag;

  public ReservationPages(Observations observations, Audit audit, Repairs repairs, StripeReconciliation stripe,
      LagBoard lag) {
    this.observations = observations;
    this.audit = audit;
    this.repairs = repairs;
    this.stripe = stripe;
    this.lag = lag;
  }

  /** The Stripe objects of a reservation as the latest listing had them ({@code listedAt}; null before the first). */
  public record StripeObjects(Instant listedAt, List<StripeIntent> paymentIntents, List<StripeCharge> charges,
      List<StripeRefund> refunds, List<StripeDispute> disputes) {}

  /**
   * Where the reservation's newest message stands with one consumer group: {@code messagesAhead} is
   * how many messages of that partition the group still reads before it (0 and {@code consumed} once read).
   */
  public record NextPosition(String topic, int partition, long offset, String eventType, String group,
      long committedOffset, boolean consumed, long messagesAhead) {}

  public record ReservationPage(String reservationId, ReservationView reservation, List<HoldView> holds,
      Ledger ledger, StripeObjects stripe, List<ObservedMessage> messages, List<NextPosition> nextMessage,
      List<FindingRecord> findings, List<Repair> repairs) {}

  /** Reservation ids touched by {@code query}: a reservation, slot, requester, vendor, hold, booking or Stripe id. */
  public List<String> search(String query) {
    return observations.reservationsMentioning(query.strip(), SEARCH_LIMIT);
  }

  public Optional<ReservationPage> page(String reservationId) {
    ReservationLifecycle lifecycle = observations.lifecycle(reservationId);
    if (!lifecycle.observed()) {
      return Optional.empty();
    }
    ModelSnapshot model = observations.model();
    Ledger ledger = model.ledgers().getOrDefault(reservationId, Ledger.empty(reservationId));
    return Optional.of(new ReservationPage(reservationId, model.reservations().get(reservationId),
        model.holdsOfReservation(reservationId), ledger, stripeObjects(reservationId, ledger),
        lifecycle.messages(), next(lifecycle.messages()),
        audit.findings(new FindingFilter(null, null, null, reservationId)),
        repairs.all().stream().filter(r -> reservationId.equals(r.plan().reservationId())).toList()));
  }

  private StripeObjects stripeObjects(String reservationId, Ledger ledger) {
    Optional<StripeListing> listing = stripe.latest();
    if (listing.isEmpty()) {
      return new StripeObjects(null, List.of(), List.of(), List.of(), List.of());
    }
    StripeListing l = listing.get();
    Set<String> known = new HashSet<>(ledger.stripeIds());
    List<StripeIntent> intents = l.intents().stream()
        .filter(i -> reservationId.equals(i.reservationId()) || known.contains(i.id())).toList();
    Set<String> intentIds = new HashSet<>();
    intents.forEach(i -> intentIds.add(i.id()));
    return new StripeObjects(l.listedAt(), intents,
        l.charges().stream().filter(c -> intentIds.contains(c.paymentIntentId())).toList(),
        l.refunds().stream().filter(r -> intentIds.contains(r.paymentIntentId())).toList(),
        l.disputes().stream().filter(d -> intentIds.contains(d.paymentIntentId())).toList());
  }

  /** The newest message (not a dead letter or a finding) and where each consumer of its partition stands. */
  private List<NextPosition> next(List<ObservedMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ObservedMessage m = messages.get(i);
      if (m.topic().endsWith("-dlt") || m.topic().startsWith("reconciler.")) {
        continue;
      }
      List<NextPosition> positions = new ArrayList<>();
      for (Map.Entry<String, Long> c : lag.committedOn(m.topic(), m.partition()).entrySet()) {
        if (AUDITOR_GROUPS.contains(c.getKey())) {
          continue;
        }
        boolean consumed = c.getValue() > m.offset();
        positions.add(new NextPosition(m.topic(), m.partition(), m.offset(), m.eventType(), c.getKey(), c.getValue(),
            consumed, consumed ? 0 : m.offset() - c.getValue()));
      }
      return positions;
    }
    return List.of();
  }
}
