package com.bookiji.reconciler.reports.application;

import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.reconciler.observation.application.ReadModel;
import com.bookiji.reconciler.reports.domain.FinanceReconciliation;
import com.bookiji.reconciler.reports.domain.FinanceReport;
import com.bookiji.reconciler.reports.domain.ReportPeriod;
import com.bookiji.reconciler.stripe.application.StripeProperties;
import com.bookiji.reconciler.stripe.application.StripeReconciliation;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * The finance report of a period, from a fresh Stripe listing (so "as Stripe has it now"), the
 * auditor's model and its findings. Stripe is listed over the reconciliation window, so a period
 * must lie inside it.
 */
@Service
public class FinanceReports {

  private final StripeReconciliation stripe;
  private final StripeProperties stripeProperties;
  private final ReadModel model;
  private final Audit audit;
  private final Clock clock;

  public FinanceReports(StripeReconciliation stripe, StripeProperties stripeProperties, ReadModel model, Audit audit,
      Clock clock) {
    this.stripe = stripe;
    this.stripeProperties = stripeProperties;
    this.model = model;
    this.audit = audit;
    this.clock = clock;
  }

  /** Why a report cannot be made; {@code code} is stable. */
  public static final class ReportRefused extends RuntimeException {
    private final String code;

    public ReportRefused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public FinanceReport report(ReportPeriod period) {
    if (!stripeProperties.isEnabled()) {
      throw new ReportRefused("STRIPE_RECONCILIATION_OFF",
          "the finance report needs Stripe's objects: set bookiji.reconciler.stripe.enabled=true");
    }
    Instant now = clock.instant();
    Instant oldestListed = now.minus(stripeProperties.getWindow());
    if (period.start().isBefore(oldestListed)) {
      throw new ReportRefused("PERIOD_BEYOND_STRIPE_WINDOW", "Stripe is listed back to " + oldestListed
          + " (bookiji.reconciler.stripe.window = " + stripeProperties.getWindow() + "); the period starts " + period.from());
    }
    if (period.start().isAfter(now)) {
      throw new ReportRefused("PERIOD_IN_THE_FUTURE", "the period starts " + period.from() + ", after today");
    }
    StripeListing listing = stripe.list();
    return FinanceReconciliation.build(period, listing, model.snapshot(),
        audit.findings(new FindingFilter(null, null, null, null)), now);
  }
}
