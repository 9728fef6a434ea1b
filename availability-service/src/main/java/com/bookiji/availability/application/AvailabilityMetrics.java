package com.bookiji.availability.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What on-call watches: active holds, stuck holds (active longer than TTL + grace: expiry is not
 * keeping up or not running), active bookings, command handling latency and expiry lateness.
 * Gauges are recounted on a schedule, not on every scrape, so scraping never queries the
 * database.
 */
@Component
public class AvailabilityMetrics {

  private static final Logger log = LoggerFactory.getLogger(AvailabilityMetrics.class);

  private final MeterRegistry registry;
  private final HoldStore holds;
  private final BookingStore bookings;
  private final AvailabilityProperties properties;
  private final Clock clock;
  private final AtomicLong activeHolds = new AtomicLong();
  private final AtomicLong stuckHolds = new AtomicLong();
  private final AtomicLong activeBookings = new AtomicLong();
  private final Timer expiryLateness;
  private final Counter expired;
  private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();

  public AvailabilityMetrics(MeterRegistry registry, HoldStore holds, BookingStore bookings,
      AvailabilityProperties properties, Clock clock) {
    this.registry = registry;
    this.holds = holds;
    this.bookings = bookings;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder("bookiji.availability.holds.active", activeHolds, AtomicLong::get)
        .description("Holds that are ACTIVE (not yet committed, released or expired)")
        .register(registry);
    Gauge.builder("bookiji.availability.holds.stuck", stuckHolds, AtomicLong::get)
        .description("ACTIVE holds past their TTL plus the grace period; should always be 0")
        .register(registry);
    Gauge.builder("bookiji.availability.bookings.active", activeBookings, AtomicLong::get)
        .description("Bookings that are not cancelled").register(registry);
    expiryLateness = Timer.builder("bookiji.availability.hold.expiry.lateness")
        .description("How long after its TTL a hold was actually expired")
        .publishPercentiles(0.5, 0.99).register(registry);
    expired = Counter.builder("bookiji.availability.holds.expired")
        .description("Holds expired at their TTL").register(registry);
  }

  /** Handling time of one command, by command type and outcome event. */
  public void commandHandled(String command, String outcome, Duration elapsed) {
    commandTimers.computeIfAbsent(command + "/" + outcome, k ->
        Timer.builder("bookiji.availability.command.duration")
            .description("Time to handle one availability command (inside the inbox transaction)")
            .tag("command", command).tag("outcome", outcome)
            .publishPercentiles(0.5, 0.99)
            .register(registry)).record(elapsed);
  }

  void holdExpired(Duration lateness) {
    expired.increment();
    expiryLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
  }

  @Scheduled(fixedDelayString = "${bookiji.availability.metrics-refresh-interval:5s}",
      initialDelayString = "1s")
  public void refresh() {
    try {
      activeHolds.set(holds.countActive());
      stuckHolds.set(holds.countActiveDueBefore(clock.instant().minus(properties.stuckHoldGrace())));
      activeBookings.set(bookings.countActive());
    } catch (RuntimeException e) {
      log.warn("could not refresh availability gauges: {}", e.toString());
    }
  }
}
