package com.bookiji.reconciler.reports.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The finance reconciliation of one period: every Stripe object as a line, totals by day, currency
 * and category, the discrepancies (each with its finding) apart from what is merely pending at the
 * period's end, and a bridge per currency. Complete only when every residual is 0.
 */
public record FinanceReport(ReportPeriod period, Instant generatedAt, Instant stripeListedAt, List<ReportLine> lines,
    Map<LocalDate, Map<String, Map<Category, Long>>> totalsByDay, Map<String, Map<Category, Long>> totals,
    List<ReportLine> discrepancies, List<ReportLine> pending, List<CurrencyBridge> bridge) {

  public FinanceReport {
    lines = List.copyOf(lines);
    discrepancies = List.copyOf(discrepancies);
    pending = List.copyOf(pending);
    bridge = List.copyOf(bridge);
  }

  public boolean complete() {
    return bridge.stream().allMatch(b -> b.residualMinor() == 0);
  }
}
