package com.bookiji.availability.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bookiji.availability.*}.
 *
 * @param holdTtlSeconds TTL of a hold when HoldSlot asks for 0 seconds
 * @param maxHoldTtlSeconds cap on any requested TTL
 * @param expiryInterval pause between two expiry sweeps (bounds how late a hold expires)
 * @param expiryBatchSize holds expired per transaction
 * @param stuckHoldGrace an active hold this long past its TTL counts as stuck (metric/alert)
 * @param metricsRefreshInterval how often the hold/booking gauges are recounted
 */
@ConfigurationProperties("bookiji.availability")
public record AvailabilityProperties(
    @DefaultValue("600") int holdTtlSeconds,
    @DefaultValue("1800") int maxHoldTtlSeconds,
    @DefaultValue("200ms") Duration expiryInterval,
    @DefaultValue("200") int expiryBatchSize,
    @DefaultValue("5s") Duration stuckHoldGrace,
    @DefaultValue("5s") Duration metricsRefreshInterval) {}
