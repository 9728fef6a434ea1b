package com.bookiji.stripesim;

/** What a webhook fault rule does to a matching event delivery. */
public enum WebhookFaultKind {
  /** The endpoint never receives the event (it stays readable through {@code /v1/events}). */
  DROP,
  /** The event is sent {@code delayMs} late; later events overtake it. */
  DELAY,
  /** The event is sent twice. */
  DUPLICATE,
  /** The event is held back and sent right after the next event for the endpoint (or after {@code delayMs}). */
  REORDER
}
