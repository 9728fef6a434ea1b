package com.bookiji.reservation.application;

import com.bookiji.reservation.saga.SagaPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code bookiji.reservation.*}: the saga's deadlines and the service's housekeeping intervals. */
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
    @DefaultValue("500ms") Duration ssePollInterval,
    @DefaultValue("reservation-service") String consumerName) {

  public SagaPolicy sagaPolicy() {
    return new SagaPolicy(holdTtl, holdResponseTimeout, vendorDecisionTimeout,
        paymentAuthorizationTimeout, commitResponseTimeout, captureResponseTimeout,
        compensationResponseTimeout, maxBackoff);
  }
}
