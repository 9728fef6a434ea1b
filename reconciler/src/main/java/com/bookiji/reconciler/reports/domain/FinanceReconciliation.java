package com.bookiji.reconciler.reports.domain;

import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingState;
import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import com.bookiji.reconciler.stripe.domain.StripeCharge;
import com.bookiji.reconciler.stripe.domain.StripeDispute;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.bookiji.reconciler.stripe.domain.StripeRefund;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the finance report from Stripe's listing, the auditor's model and its findings — a pure
 * function. Objects belong to the period by their own creation time at Stripe. A difference is
 * PENDING while the reservation has not ended (the saga may still act), for an open authorization
 * and for a refund Stripe still processes; it is a DISCREPANCY once the reservation ended, or when
 * the object belongs to no reservation the auditor knows.
 */
public final class FinanceReconciliation {

  private static final Set<String> AUTHORIZED_STATUSES = Set.of("requires_capture", "succeeded", "canceled");
  private static final Set<String> MONEY_MOVING_REFUNDS = Set.of("succeeded", "pending");

  private FinanceReconciliation() {}

  public static FinanceReport build(ReportPeriod period, StripeListing listing, ModelSnapshot model,
      List<FindingRecord> findings, Instant generatedAt) {
    Context c = new Context(model, findings, listing);
    List<ReportLine> lines = new ArrayList<>();
    for (StripeIntent i : listing.intents()) {
      if (period.contains(i.createdAt())) {
        intentLines(c, i, lines);
      }
    }
    for (StripeCharge ch : listing.charges()) {
      if (ch.captured() && period.contains(ch.createdAt())) {
        lines.add(chargeLine(c, ch));
      }
    }
    for (StripeRefund r : listing.refunds()) {
      if (MONEY_MOVING_REFUNDS.contains(r.status()) && period.contains(r.createdAt())) {
        lines.add(refundLine(c, r));
      }
    }
    for (StripeDispute d : listing.disputes()) {
      if (period.contains(d.createdAt())) {
        lines.add(disputeLine(c, d));
      }
    }
    lines.sort(Comparator.comparing(ReportLine::at).thenComparing(ReportLine::stripeId)
        .thenComparing(ReportLine::category));

    Map<LocalDate, Map<String, Map<Category, Long>>> byDay = new TreeMap<>();
    Map<String, Map<Category, Long>> totals = new TreeMap<>();
    for (ReportLine l : lines) {
      byDay.computeIfAbsent(l.day(), d -> new TreeMap<>()).computeIfAbsent(l.currency(), x -> new EnumMap<>(Category.class))
          .merge(l.category(), l.amountMinor(), Long::sum);
      totals.computeIfAbsent(l.currency(), x -> new EnumMap<>(Category.class)).merge(l.category(), l.amountMinor(), Long::sum);
    }
    return new FinanceReport(period, generatedAt, listing.listedAt(), lines, byDay, totals,
        lines.stream().filter(l -> l.status() == LineStatus.DISCREPANCY).toList(),
        lines.stream().filter(l -> l.status() == LineStatus.PENDING).toList(),
        bridge(c, lines));
  }

  private static void intentLines(Context c, StripeIntent i, List<ReportLine> out) {
    String currency = i.currency().toUpperCase(Locale.ROOT);
    Optional<String> reservationId = c.reservationOf(i.reservationId(), i.id());
    Optional<Ledger> ledger = reservationId.map(id -> c.model.ledgers().get(id));
    Authorization known = ledger.map(l -> l.authorizations().get(i.id())).orElse(null);
    if (!AUTHORIZED_STATUSES.contains(i.status())) {
      out.add(c.line(i.createdAt(), currency, Category.DECLINED, LineStatus.MATCHED, "payment_intent", i.id(), i.status(), i.id(),
          reservationId, null, i.amountMinor(), null, "never authorized (" + i.status() + "): no money moved"));
      return;
    }
    Long ledgerAmount = known == null ? null : known.amount().amountMinor();
    String entry = known == null ? null : "authorization " + i.id();
    LineStatus authorized = known != null && ledgerAmount == i.amountMinor() ? LineStatus.MATCHED
        : c.judged(reservationId);
    out.add(c.line(i.createdAt(), currency, Category.AUTHORIZED, authorized, "payment_intent", i.id(), i.status(), i.id(),
        reservationId, entry, i.amountMinor(), ledgerAmount, known == null ? "the ledger has no authorization" : null));
    if (i.canceled()) {
      boolean ledgerVoided = known != null && (known.resolution() == Authorization.Resolution.VOIDED
          || known.resolution() == Authorization.Resolution.EXPIRED);
      out.add(c.line(i.createdAt(), currency, Category.VOIDED, ledgerVoided ? LineStatus.MATCHED : c.judged(reservationId),
          "payment_intent", i.id(), i.status(), i.id(), reservationId, ledgerVoided ? "void " + i.id() : null, i.amountMinor(),
          ledgerVoided ? known.amount().amountMinor() : null, ledgerVoided ? null : "the ledger did not release it"));
    } else if ("requires_capture".equals(i.status())) {
      boolean ended = reservationId.flatMap(c::reservation).map(ReservationView::terminal).orElse(true);
      out.add(c.line(i.createdAt(), currency, Category.OPEN_AUTHORIZATION,
          ended ? LineStatus.DISCREPANCY : LineStatus.PENDING, "payment_intent", i.id(), i.status(), i.id(), reservationId,
          entry, i.amountMinor(), ledgerAmount, ended ? "still authorized after its reservation ended"
              : "open at the period's end: the saga has not captured or voided yet"));
    }
  }

  private static ReportLine chargeLine(Context c, StripeCharge ch) {
    String currency = ch.currency().toUpperCase(Locale.ROOT);
    Optional<String> reservationId = c.reservationOf(c.intentReservation(ch.paymentIntentId()), ch.paymentIntentId());
    Optional<Ledger> ledger = reservationId.map(id -> c.model.ledgers().get(id));
    List<Ledger.Capture> captures = ledger.map(l -> l.captures().stream()
        .filter(k -> ch.id().equals(k.chargeId())).toList()).orElse(List.of());
    if (captures.isEmpty()) { // the ledger may know the capture by its intent only
      captures = ledger.map(l -> l.captures().stream().filter(k -> ch.paymentIntentId().equals(k.paymentIntentId())
          && (k.chargeId() == null || k.chargeId().isBlank())).toList()).orElse(List.of());
    }
    Long ledgerAmount = captures.isEmpty() ? null : captures.stream().mapToLong(k -> k.amount().amountMinor()).sum();
    LineStatus status = ledgerAmount != null && ledgerAmount == ch.amountCapturedMinor() ? LineStatus.MATCHED
        : c.judged(reservationId);
    return c.line(ch.createdAt(), currency, Category.CAPTURED, status, "charge", ch.id(), "captured", ch.paymentIntentId(),
        reservationId, captures.isEmpty() ? null : "capture " + ch.paymentIntentId() + "/" + ch.id(),
        ch.amountCapturedMinor(), ledgerAmount, ledgerAmount == null ? "the ledger has no capture" : null);
  }

  private static ReportLine refundLine(Context c, StripeRefund r) {
    String currency = r.currency().toUpperCase(Locale.ROOT);
    Optional<String> reservationId = c.reservationOf(c.intentReservation(r.paymentIntentId()), r.paymentIntentId());
    Optional<Ledger.Refund> known = reservationId.map(id -> c.model.ledgers().get(id))
        .flatMap(l -> l.refunds().stream().filter(x -> r.id().equals(x.refundId())).findFirst());
    Long ledgerAmount = known.map(x -> x.amount().amountMinor()).orElse(null);
    LineStatus status = ledgerAmount != null && ledgerAmount == r.amountMinor() ? LineStatus.MATCHED
        : "pending".equals(r.status()) ? LineStatus.PENDING : c.judged(reservationId);
    return c.line(r.createdAt(), currency, Category.REFUNDED, status, "refund", r.id(), r.status(), r.paymentIntentId(),
        reservationId, known.isPresent() ? "refund " + r.id() : null, r.amountMinor(), ledgerAmount,
        known.isPresent() ? null : "a refund the saga never made (" + r.status() + " at Stripe)");
  }

  private static ReportLine disputeLine(Context c, StripeDispute d) {
    String currency = d.currency().toUpperCase(Locale.ROOT);
    Optional<String> reservationId = c.reservationOf(c.intentReservation(d.paymentIntentId()), d.paymentIntentId());
    Optional<Ledger.Dispute> known = reservationId.map(id -> c.model.ledgers().get(id))
        .map(l -> l.disputes().get(d.id()));
    boolean same = known.isPresent() && Objects.equals(known.get().status(), d.status());
    return c.line(d.createdAt(), currency, Category.DISPUTED, same ? LineStatus.MATCHED : c.judged(reservationId),
        "dispute", d.id(), d.status(), d.paymentIntentId(), reservationId, known.isPresent() ? "dispute " + d.id() : null,
        d.amountMinor(), known.map(x -> x.amount().amountMinor()).orElse(null),
        "status " + d.status() + (withdrawn(d.status()) ? " (money withdrawn)" : " (money returned)")
            + (same ? "" : known.isPresent() ? ", the ledger says " + known.get().status() : ", not in the ledger"));
  }

  static boolean withdrawn(String disputeStatus) {
    return !"won".equals(disputeStatus) && !"warning_closed".equals(disputeStatus) && !"prevented".equals(disputeStatus);
  }

  private static List<CurrencyBridge> bridge(Context c, List<ReportLine> lines) {
    Set<String> currencies = new TreeSet<>();
    lines.forEach(l -> currencies.add(l.currency()));
    List<CurrencyBridge> out = new ArrayList<>();
    for (String currency : currencies) {
      long captured = 0;
      long withoutBooking = 0;
      long priceDifference = 0;
      long bookings = 0;
      long refundedBySaga = 0;
      long refundedOutside = 0;
      long disputed = 0;
      Set<String> bookedReservations = new HashSet<>();
      for (ReportLine l : lines) {
        if (!l.currency().equals(currency)) {
          continue;
        }
        switch (l.category()) {
          case CAPTURED -> {
            captured += l.amountMinor();
            Optional<ReservationView> r = Optional.ofNullable(l.reservationId()).flatMap(c::reservation);
            if (r.isPresent() && r.get().confirmed()) {
              long price = r.get().amount() != null && r.get().amount().currency().equals(currency)
                  && bookedReservations.add(r.get().reservationId()) ? r.get().amount().amountMinor() : 0;
              bookings += price;
              priceDifference += l.amountMinor() - price;
            } else {
              withoutBooking += l.amountMinor();
            }
          }
          case REFUNDED -> {
            if (l.ledgerEntry() != null) {
              refundedBySaga += l.amountMinor();
            } else {
              refundedOutside += l.amountMinor();
            }
          }
          case DISPUTED -> disputed += withdrawn(l.stripeStatus()) ? l.amountMinor() : 0;
          default -> { }
        }
      }
      long stripeNet = captured - refundedBySaga - refundedOutside - disputed;
      List<BridgeLine> steps = List.of(
          new BridgeLine(currency, "captured for reservations without a booking", withoutBooking),
          new BridgeLine(currency, "captured above (+) or below (-) the booking price", priceDifference),
          new BridgeLine(currency, "refunded by the saga", -refundedBySaga),
          new BridgeLine(currency, "refunded outside the saga", -refundedOutside),
          new BridgeLine(currency, "withdrawn by disputes", -disputed));
      long expected = bookings + steps.stream().mapToLong(BridgeLine::amountMinor).sum();
      out.add(new CurrencyBridge(currency, bookings, steps, expected, stripeNet, stripeNet - expected));
    }
    return out;
  }

  private static final class Context {
    final ModelSnapshot model;
    final List<FindingRecord> findings;
    final Map<String, String> reservationByStripeId = new HashMap<>();
    final Map<String, String> intentReservation = new HashMap<>();

    Context(ModelSnapshot model, List<FindingRecord> findings, StripeListing listing) {
      this.model = model;
      this.findings = findings;
      model.ledgers().forEach((reservationId, ledger) ->
          ledger.stripeIds().forEach(id -> reservationByStripeId.put(id, reservationId)));
      listing.intents().forEach(i -> {
        if (i.reservationId() != null) {
          intentReservation.put(i.id(), i.reservationId());
        }
      });
    }

    String intentReservation(String paymentIntentId) {
      return paymentIntentId == null ? null : intentReservation.get(paymentIntentId);
    }

    Optional<String> reservationOf(String fromMetadata, String paymentIntentId) {
      if (fromMetadata != null) {
        return Optional.of(fromMetadata);
      }
      return Optional.ofNullable(paymentIntentId == null ? null : reservationByStripeId.get(paymentIntentId));
    }

    Optional<ReservationView> reservation(String reservationId) {
      return Optional.ofNullable(model.reservations().get(reservationId));
    }

    /** A difference is only pending while the saga may still act on the reservation. */
    LineStatus judged(Optional<String> reservationId) {
      Optional<ReservationView> r = reservationId.flatMap(this::reservation);
      return r.isPresent() && !r.get().terminal() ? LineStatus.PENDING : LineStatus.DISCREPANCY;
    }

    ReportLine line(Instant at, String currency, Category category, LineStatus status, String object, String stripeId,
        String stripeStatus, String paymentIntentId, Optional<String> reservationId, String ledgerEntry, long amount, Long ledgerAmount,
        String note) {
      String rid = reservationId.orElse(null);
      ReservationView r = rid == null ? null : model.reservations().get(rid);
      String bookingId = rid == null ? null : model.holdsOfReservation(rid).stream().map(HoldView::bookingId)
          .filter(Objects::nonNull).findFirst().orElse(null);
      String finding = status == LineStatus.DISCREPANCY ? finding(rid, stripeId, paymentIntentId) : null;
      return new ReportLine(LocalDate.ofInstant(at, ZoneOffset.UTC), at, currency, category, status, object, stripeId,
          stripeStatus, paymentIntentId, rid, r == null ? null : r.state(), bookingId, ledgerEntry, amount, ledgerAmount, finding,
          note);
    }

    /** The finding about this object (by subject), else about its reservation; an open one first. */
    String finding(String reservationId, String stripeId, String paymentIntentId) {
      Comparator<FindingRecord> openFirst = Comparator.comparing(f -> f.state() == FindingState.RESOLVED);
      return findings.stream()
          .filter(f -> stripeId.equals(f.subjectId()) || Objects.equals(paymentIntentId, f.subjectId())
              || (reservationId != null && reservationId.equals(f.reservationId())))
          .sorted(openFirst.thenComparing(f -> !(stripeId.equals(f.subjectId())
              || Objects.equals(paymentIntentId, f.subjectId()))))
          .map(FindingRecord::breakId).findFirst().orElse(null);
    }
  }
}
