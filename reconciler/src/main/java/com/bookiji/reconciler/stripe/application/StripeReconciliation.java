package com.bookiji.reconciler.stripe.application;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.stripe.domain.OrphanPaymentIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.bookiji.reconciler.stripe.domain.StripeStateMismatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Lists Stripe's PaymentIntents on a schedule and keeps the latest listing; the audit compares it
 * with the model on every run. Off unless {@code bookiji.reconciler.stripe.enabled}.
 */
@Service
public class StripeReconciliation {

  private static final Logger log = LoggerFactory.getLogger(StripeReconciliation.class);

  private final ObjectProvider<StripePaymentIntents> stripe;
  private final StripeProperties properties;
  private final Clock clock;
  private final OrphanPaymentIntent orphans;
  private final StripeStateMismatch mismatches;
  private final AtomicReference<StripeListing> latest = new AtomicReference<>();

  public StripeReconciliation(ObjectProvider<StripePaymentIntents> stripe, StripeProperties properties, Clock clock) {
    this.stripe = stripe;
    this.properties = properties;
    this.clock = clock;
    this.orphans = new OrphanPaymentIntent(properties.getGrace());
    this.mismatches = new StripeStateMismatch(properties.getGrace());
  }

  @Scheduled(fixedDelayString = "${bookiji.reconciler.stripe.interval:1m}")
  public void listOnSchedule() {
    if (!properties.isEnabled()) {
      return;
    }
    try {
      list();
    } catch (RuntimeException e) {
      log.warn("Stripe listing failed; the last listing stays in use: {}", e.toString());
    }
  }

  public StripeListing list() {
    StripePaymentIntents client = stripe.getObject();
    Instant now = clock.instant();
    StripeListing listing = client.listCreatedSince(now.minus(properties.getWindow()), now);
    latest.set(listing);
    return listing;
  }

  public Optional<StripeListing> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** The codes of the Stripe checks. */
  public List<String> codes() {
    return List.of(orphans.code(), mismatches.code());
  }

  /** The Stripe checks' findings on this model; none before the first listing. */
  public List<Finding> check(ModelSnapshot model, Instant now) {
    StripeListing listing = latest.get();
    if (listing == null) {
      return List.of();
    }
    List<Finding> findings = new java.util.ArrayList<>(orphans.check(model, listing, now));
    findings.addAll(mismatches.check(model, listing, now));
    return findings;
  }
}
