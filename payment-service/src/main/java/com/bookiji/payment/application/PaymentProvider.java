package com.bookiji.payment.application;

import com.bookiji.payment.domain.IntentSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * The payment provider port (Stripe). Every mutating call carries the deterministic idempotency key
 * given by the caller; implementations retry transient failures with that same key.
 */
public interface PaymentProvider {

  ProviderResult<IntentSnapshot> createAuthorization(String reservationId, int attempt,
      long amountMinor, String currency, String idempotencyKey);

  ProviderResult<IntentSnapshot> capture(String reservationId, String paymentIntentId,
      long amountMinor, String idempotencyKey);

  /** Voids an uncaptured authorization (Stripe: cancel the PaymentIntent). */
  ProviderResult<IntentSnapshot> voidAuthorization(String reservationId, String paymentIntentId,
      String idempotencyKey);

  ProviderResult<RefundSnapshot> refund(String reservationId, String paymentIntentId,
      long amountMinor, int sequence, String idempotencyKey);

  ProviderResult<IntentSnapshot> retrieve(String reservationId, String paymentIntentId);

  /** Resolves a lost create: the intent carrying this reservation's metadata, if one exists. */
  ProviderResult<Optional<IntentSnapshot>> findAuthorization(String reservationId, int attempt);

  /** Resolves a lost refund: the refund of this intent tagged with this sequence, if any. */
  ProviderResult<Optional<RefundSnapshot>> findRefund(String reservationId,
      String paymentIntentId, int sequence);

  /** Every refund of the intent, ours and those made outside the saga. */
  ProviderResult<List<RefundSnapshot>> listRefunds(String reservationId, String paymentIntentId);

  /**
   * Events of these types Stripe created since {@code since}, newest first (Stripe keeps events 30
   * days): the sweep's way to catch up on webhooks that never arrived.
   */
  ProviderResult<List<StripeWebhookService.WebhookEvent>> recentEvents(java.time.Instant since,
      List<String> types);

  /** Every dispute of the intent's charges. */
  ProviderResult<List<DisputeSnapshot>> listDisputes(String reservationId, String paymentIntentId);
}
