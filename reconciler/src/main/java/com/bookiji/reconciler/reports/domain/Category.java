package com.bookiji.reconciler.reports.domain;

/** What a Stripe object did with money. */
public enum Category {
  /** A PaymentIntent whose card was authorized (whatever happened to it next). */
  AUTHORIZED,
  /** A charge's captured amount. */
  CAPTURED,
  /** An authorization voided without capture (a PaymentIntent Stripe shows as canceled). */
  VOIDED,
  /** A refund, succeeded or still pending at Stripe. */
  REFUNDED,
  /** A dispute (chargeback); money withdrawn unless it was won. */
  DISPUTED,
  /** An authorization still open: neither captured nor voided. */
  OPEN_AUTHORIZATION,
  /** A PaymentIntent that never got an authorization (declined card, abandoned); no money moved. */
  DECLINED
}
