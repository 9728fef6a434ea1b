package com.bookiji.payment.application;

import java.time.Instant;

/** Stripe events already handled, by Stripe event id ({@code evt_…}): the webhooks' inbox. */
public interface ProcessedWebhooks {

  /** Whether this Stripe event was handled already (as a webhook or by the sweep's catch-up). */
  boolean seen(String eventId);

  /**
   * Records the event in the caller's transaction.
   *
   * @param paymentIntentId the intent the event is about, if any
   * @param created when Stripe created the event
   * @return false when it was recorded before (a duplicate delivery)
   */
  boolean firstDelivery(String eventId, String type, String paymentIntentId, Instant created);
}
