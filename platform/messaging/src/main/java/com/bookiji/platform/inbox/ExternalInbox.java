package com.bookiji.platform.inbox;

/**
 * The inbox for messages that do not come through Kafka — webhooks, whose senders name them with
 * ids of their own (Stripe's {@code evt_…}) — with the inbox's promise: record the message in the
 * same transaction as its effect, and a redelivered message is a no-op. Rows are purged by the
 * inbox janitor with the inbox's retention ({@code bookiji.inbox.retention}), which must exceed how
 * long the sender redelivers.
 */
public interface ExternalInbox {

  /**
   * Records the message in the caller's transaction (it must run in one on the service's
   * DataSource, or the record commits on its own).
   *
   * @return false when this consumer recorded the same external id before (a redelivery)
   */
  boolean record(ExternalMessage message);

  /** Whether this consumer has recorded the external id. */
  boolean seen(String consumer, String externalId);
}
