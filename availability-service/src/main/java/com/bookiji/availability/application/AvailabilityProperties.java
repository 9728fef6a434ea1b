package com.bookiji.availability.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bookiji.availability.*}. Every time is a {@link Duration} whose value carries its unit
 * ({@code 10m}); only messages carry a number with the unit in its name ({@code holdTtlSeconds}).
 *
 * @param holdTtl TTL of a hold when HoldSlot asks for 0 seconds
 * @param maxHoldTtl cap on any requested TTL
 * @param expiryInterval pause between two expiry sweeps (bounds how late a hold expires)
 * @param expiryBatchSize holds expired per transaction
 * @param stuckHoldGrace an active hold this long past its TTL counts as stuck (metric/alert)
 * @param metricsRefreshInterval how often the hold/booking gauges are recounted
 */
@ConfigurationProperties("bookiji.availability")
public record AvailabilityProperties(
    @DefaultValue("10m") Duration holdTtl,
    @DefaultValue("30m") Duration maxHoldTtl,
    @DefaultValue("200ms") Duration expiryInterval,
    @DefaultValue("200") int expiryBatchSize,
    @DefaultValue("5s") Duration stuckHoldGrace,
    @DefaultValue("5s") Duration metricsRefreshInterval) {}
