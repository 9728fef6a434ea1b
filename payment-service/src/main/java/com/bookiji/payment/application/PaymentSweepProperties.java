package com.bookiji.payment.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweep that resolves stuck payments.
 *
 * @param pendingGrace how long a pending or parked payment is left alone before the sweep resumes it
 * @param recheckAfter how long an awaiting or authorized payment may go without news before the
 *     sweep retrieves its intent (covers lost webhooks and expiry)
 * @param stuckAuthorizationAfter an authorization older than this counts as stuck (metric)
 * @param eventLookback how far back each sweep lists Stripe's refund and dispute events to catch
 *     up on webhooks that never arrived (events already handled are skipped)
 */
@ConfigurationProperties("bookiji.payment.sweep")
public record PaymentSweepProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10s") Duration interval,
    @DefaultValue("30s") Duration pendingGrace,
    @DefaultValue("5m") Duration recheckAfter,
    @DefaultValue("1h") Duration stuckAuthorizationAfter,
    @DefaultValue("50") int batchSize,
    @DefaultValue("1h") Duration eventLookback) {}
