package com.bookiji.reconciler.reports.domain;

/** How a Stripe object stands against our ledger. */
public enum LineStatus {
  /** The ledger knows it with the same amount (or there is nothing to know: a decline). */
  MATCHED,
  /** Not settled yet: a timing difference (saga still acting, authorization open, refund pending), not a break. */
  PENDING,
  /** The ledger disagrees for a reservation that ended: a real break, tied to its finding. */
  DISCREPANCY
}
