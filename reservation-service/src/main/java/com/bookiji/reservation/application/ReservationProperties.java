package com.bookiji.reservation.application;

import com.bookiji.reservation.saga.SagaPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code bookiji.reservation.*}: the saga's deadlines, the service's housekeeping intervals, per-requester limits. */
@ConfigurationProperties("bookiji.reservation")
public record ReservationProperties(
    @DefaultValue("15m") Duration holdTtl,
    @DefaultValue("30s") Duration holdResponseTimeout,
    @DefaultValue("10m") Duration vendorDecisionTimeout,
    @DefaultValue("10m") Duration paymentAuthorizationTimeout,
    @DefaultValue("30s") Duration commitResponseTimeout,
    @DefaultValue("30s") Duration captureResponseTimeout,
    @DefaultValue("30s") Duration compensationResponseTimeout,
    @DefaultValue("10m") Duration maxBackoff,
    @DefaultValue("24h") Duration idempotencyKeyTtl,
    @DefaultValue("250ms") Duration deadlinePollInterval,
    @DefaultValue("100") int deadlineBatchSize,
    @DefaultValue("5s") Duration metricsRefreshInterval,
    @DefaultValue("reservation-service") String consumerName,
    @DefaultValue Limits limits,
    @DefaultValue Sse sse) {

  /**
   * Server-sent event streams of one instance.
   *
   * @param maxPerSubscriber open streams per caller (token subject)
   * @param maxSubscriptions open streams in total
   * @param streamTimeout a stream is closed after this long (the client's EventSource reconnects)
   * @param heartbeatInterval a comment line this often keeps streams alive and finds dead clients
   * @param ticketTtl how long a single-use stream ticket (for a browser's EventSource) is valid
   */
  public record Sse(@DefaultValue("5") int maxPerSubscriber, @DefaultValue("1000") int maxSubscriptions,
      @DefaultValue("30m") Duration streamTimeout, @DefaultValue("15s") Duration heartbeatInterval,
      @DefaultValue("60s") Duration ticketTtl) {}

  /**
   * What one requester may do, so nobody can keep slots blocked by reserving and never paying.
   *
   * @param maxAwaitingPayment reservations of one requester that may block a slot at once while no
   *     card is authorized (HOLD_PENDING, or AWAITING_CONFIRMATIONS before the authorization)
   * @param reservationsPerPeriod {@code POST /reservations} calls one requester may make per
   *     {@code period} (a token bucket: a burst of that size, refilled evenly over the period)
   * @param period the rate limit's period
   */
  public record Limits(@DefaultValue("10") int maxAwaitingPayment,
      @DefaultValue("60") int reservationsPerPeriod, @DefaultValue("1m") Duration period) {}

  public SagaPolicy sagaPolicy() {
    return new SagaPolicy(holdTtl, holdResponseTimeout, vendorDecisionTimeout,
        paymentAuthorizationTimeout, commitResponseTimeout, captureResponseTimeout,
        compensationResponseTimeout, maxBackoff);
  }
}
