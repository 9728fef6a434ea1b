package com.bookiji.reconciler.ledger.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The money of one reservation in two phases, as the topics tell it: an authorization is pending,
 * a capture posts it, a void or an expiry resolves it without posting, a refund takes back from
 * what was posted. What breaks the rules (a second resolution, a refund beyond what was posted) is
 * kept as an anomaly rather than thrown: the auditor reports, it does not stop. Immutable; every
 * change returns the next ledger.
 */
public record Ledger(
    String reservationId,
    Map<String, Authorization> authorizations,
    List<Capture> captures,
    List<Refund> refunds,
    List<String> anomalies,
    Map<String, Dispute> disputes) {

  public record Capture(String paymentIntentId, String chargeId, Money amount, Instant capturedAt) {}

  public record Refund(String paymentIntentId, String refundId, Money amount, Instant refundedAt) {}

  /** A chargeback as last seen: Stripe's status (needs_response, under_review, won, lost, ...). */
  public record Dispute(String paymentIntentId, String disputeId, Money amount, String status, Instant at) {

    /** Money withdrawn from the merchant's balance: while the dispute is open, and for good once lost. */
    public boolean withdrawn() {
      return !"won".equals(status) && !"warning_closed".equals(status) && !"prevented".equals(status);
    }
  }

  public Ledger(String reservationId, Map<String, Authorization> authorizations, List<Capture> captures,
      List<Refund> refunds, List<String> anomalies) {
    this(reservationId, authorizations, captures, refunds, anomalies, Map.of());
  }

  public Ledger {
    authorizations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authorizations));
    captures = List.copyOf(captures);
    refunds = List.copyOf(refunds);
    anomalies = List.copyOf(anomalies);
    disputes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(disputes));
  }

  /** A dispute's newest status wins; an older one arriving late changes nothing. */
  public Ledger disputed(String paymentIntentId, String disputeId, Money amount, String status, Instant at) {
    Dispute known = disputes.get(disputeId);
    if (known != null && !at.isAfter(known.at())) {
      return this;
    }
    Map<String, Dispute> next = new LinkedHashMap<>(disputes);
    next.put(disputeId, new Dispute(paymentIntentId, disputeId, amount, status, at));
    return new Ledger(reservationId, authorizations, captures, refunds, anomalies, next);
  }

  /** Disputed money withdrawn per currency (open or lost disputes). */
  public Map<String, Long> disputedWithdrawn() {
    Map<String, Long> out = new TreeMap<>();
    disputes.values().stream().filter(Dispute::withdrawn)
        .forEach(d -> out.merge(d.amount().currency(), d.amount().amountMinor(), Long::sum));
    return out;
  }

  public static Ledger empty(String reservationId) {
    return new Ledger(reservationId, Map.of(), List.of(), List.of(), List.of());
  }

  public Ledger authorized(String paymentIntentId, Money amount, Instant at) {
    if (authorizations.containsKey(paymentIntentId)) {
      return this; // the same authorization told twice
    }
    Map<String, Authorization> next = new LinkedHashMap<>(authorizations);
    next.put(paymentIntentId, new Authorization(paymentIntentId, amount, at, null, null));
    return new Ledger(reservationId, next, captures, refunds, anomalies, disputes);
  }

  public Ledger captured(String paymentIntentId, String chargeId, Money amount, Instant at) {
    boolean sameCaptureAgain = captures.stream().anyMatch(c -> c.paymentIntentId().equals(paymentIntentId)
        && java.util.Objects.equals(c.chargeId(), chargeId) && c.amount().equals(amount));
    if (sameCaptureAgain) {
      return this;
    }
    List<Capture> nextCaptures = new ArrayList<>(captures);
    nextCaptures.add(new Capture(paymentIntentId, chargeId, amount, at));
    return resolve(paymentIntentId, Authorization.Resolution.CAPTURED, at)
        .with(nextCaptures, refunds);
  }

  public Ledger voided(String paymentIntentId, Instant at) {
    return resolve(paymentIntentId, Authorization.Resolution.VOIDED, at);
  }

  public Ledger expired(String paymentIntentId, Instant at) {
    return resolve(paymentIntentId, Authorization.Resolution.EXPIRED, at);
  }

  public Ledger refunded(String paymentIntentId, String refundId, Money amount, Instant at) {
    if (refunds.stream().anyMatch(r -> r.refundId().equals(refundId))) {
      return this;
    }
    List<Refund> nextRefunds = new ArrayList<>(refunds);
    nextRefunds.add(new Refund(paymentIntentId, refundId, amount, at));
    Ledger next = with(captures, nextRefunds);
    long posted = next.posted().getOrDefault(amount.currency(), 0L);
    return posted < 0
        ? next.withAnomaly("refund " + refundId + " of " + amount + " takes posted " + amount.currency()
            + " below zero (" + posted + ")")
        : next;
  }

  /** Captured minus refunded, per currency; never negative unless an anomaly says why. */
  public Map<String, Long> posted() {
    Map<String, Long> posted = new TreeMap<>();
    captures.forEach(c -> posted.merge(c.amount().currency(), c.amount().amountMinor(), Long::sum));
    refunds.forEach(r -> posted.merge(r.amount().currency(), -r.amount().amountMinor(), Long::sum));
    return posted;
  }

  /** Authorized and not yet resolved, per currency. */
  public Map<String, Long> pending() {
    Map<String, Long> pending = new TreeMap<>();
    openAuthorizations().forEach(a -> pending.merge(a.amount().currency(), a.amount().amountMinor(), Long::sum));
    return pending;
  }

  public List<Authorization> openAuthorizations() {
    return authorizations.values().stream().filter(Authorization::pending).toList();
  }

  public boolean holdsPostedMoney() {
    return posted().values().stream().anyMatch(v -> v > 0);
  }

  public Optional<Instant> lastCaptureAt() {
    return captures.stream().map(Capture::capturedAt).max(Instant::compareTo);
  }

  /** Every Stripe object id this ledger knows: PaymentIntents, charges, refunds. */
  public List<String> stripeIds() {
    List<String> ids = new ArrayList<>(authorizations.keySet());
    captures.forEach(c -> {
      if (!ids.contains(c.paymentIntentId())) {
        ids.add(c.paymentIntentId());
      }
      if (c.chargeId() != null) {
        ids.add(c.chargeId());
      }
    });
    refunds.forEach(r -> ids.add(r.refundId()));
    ids.addAll(disputes.keySet());
    return ids;
  }

  private Ledger resolve(String paymentIntentId, Authorization.Resolution how, Instant at) {
    Authorization authorization = authorizations.get(paymentIntentId);
    if (authorization == null) {
      return this; // nothing pending was seen for it (its authorization may be in a dead letter)
    }
    if (!authorization.pending()) {
      return authorization.resolution() == how
          ? this
          : withAnomaly("authorization " + paymentIntentId + " resolved twice: " + authorization.resolution()
              + " then " + how);
    }
    Map<String, Authorization> next = new LinkedHashMap<>(authorizations);
    next.put(paymentIntentId, authorization.resolved(how, at));
    return new Ledger(reservationId, next, captures, refunds, anomalies, disputes);
  }

  private Ledger with(List<Capture> nextCaptures, List<Refund> nextRefunds) {
    return new Ledger(reservationId, authorizations, nextCaptures, nextRefunds, anomalies, disputes);
  }

  private Ledger withAnomaly(String anomaly) {
    List<String> next = new ArrayList<>(anomalies);
    next.add(anomaly);
    return new Ledger(reservationId, authorizations, captures, refunds, next, disputes);
  }
}
