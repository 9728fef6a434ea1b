package com.bookiji.stripesim.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The configured clock plus an offset that {@code POST /_sim/clock/advance} moves forward. */
public final class SimClock extends Clock {

  private final Clock base;
  private final AtomicLong offsetMillis;

  public SimClock(Clock base, long offsetMillis) {
    this.base = base;
    this.offsetMillis = new AtomicLong(offsetMillis);
  }

  public long advance(Duration by) {
    return offsetMillis.addAndGet(by.toMillis());
  }

  public void resetOffset() {
    offsetMillis.set(0);
  }

  public long offsetMillis() {
    return offsetMillis.get();
  }

  public long epochSecond() {
    return millis() / 1000;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return base.millis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
