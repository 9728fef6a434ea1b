package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance relays a database: taking the advisory lock ({@link LeadershipLock}, a lease),
 * keeping it, losing it, and the role that follows ({@link RelayRole}); stepping down for a
 * cooldown when this instance cannot publish. The supervisor in {@link OutboxRelay} asks it once
 * per tick; the engine run asks {@link #holds()} while it streams.
 */
final class RelayLeadership {

  private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);

  private final LeadershipLock lock;
  private final RelayRunState run;
  private final Clock clock;
  private final Duration retryInterval;
  private final Duration stepDownCooldown;
  private final String database;
  private final String slotName;
  private final Counter stepDowns;

  private volatile RelayRole role = RelayRole.STOPPED;
  private volatile Instant activeSince;
  private volatile Instant steppedDownUntil;

  RelayLeadership(RelayDatabase db, MessagingProperties.Relay settings, String slotName,
      RelayRunState run, Clock clock, RelayMeters meters) {
    // The lease must outlast several renewals (one per lock-retry-interval).
    Duration minimumLease = settings.getLockRetryInterval().multipliedBy(3);
    this.lock = new LeadershipLock(db, "bookiji.outbox.relay." + slotName,
        settings.getLeadershipLease().compareTo(minimumLease) < 0 ? minimumLease
            : settings.getLeadershipLease());
    this.run = run;
    this.clock = clock;
    this.retryInterval = settings.getLockRetryInterval();
    this.stepDownCooldown = settings.getStepDownCooldown();
    this.database = db.database();
    this.slotName = slotName;
    this.stepDowns = meters.counter("bookiji.outbox.relay.step_downs",
        "times this instance gave up the relay lock because its engine kept failing");
  }

  RelayRole role() { return role; }

  boolean isActive() { return role == RelayRole.ACTIVE; }

  Instant activeSince() { return activeSince; }

  long stepDownCount() { return (long) stepDowns.count(); }

  /** Within the cooldown after a step-down: this instance does not bid for the lock. */
  boolean steppedDown() {
    Instant until = steppedDownUntil;
    return until != null && clock.instant().isBefore(until);
  }

  /** Takes (or confirms) the lock; false when another session holds it. */
  boolean tryAcquire() throws SQLException {
    return lock.tryAcquire();
  }

  /** The lock is this instance's: returns true when it just became the active relay. */
  boolean becomeActive() {
    if (role == RelayRole.ACTIVE) {
      return false;
    }
    role = RelayRole.ACTIVE;
    activeSince = clock.instant();
    log.info("outbox relay for {} is ACTIVE (slot {})", database, slotName);
    return true;
  }

  void standBy() {
    role = RelayRole.STANDBY;
  }

  /** Whether the lock session is still there (renews the lease); never while crashing. */
  boolean holds() {
    return !run.crashed() && lock.isHeld();
  }

  /** The lock session was lost while streaming: drop what is left of it and stand by. */
  void lost() {
    lock.close();
    role = RelayRole.STANDBY;
  }

  /**
   * This instance cannot publish (its engine keeps failing, e.g. its broker is unreachable from
   * here only): give the lock to a standby that may do better, and stay away for a cooldown.
   */
  void stepDown(int failures, Throwable lastError) {
    release();
    role = RelayRole.STANDBY;
    steppedDownUntil = clock.instant().plus(stepDownCooldown);
    stepDowns.increment();
    log.error("outbox relay for {}: the engine failed {} times in a row; stepping down from the "
        + "relay lock for {} so a standby can take over (last error: {})", database, failures,
        stepDownCooldown, lastError == null ? "-" : lastError.toString());
  }

  /**
   * Pauses while holding the lock, renewing its lease each interval; returns early when the lock
   * is gone or the relay stops.
   */
  void pauseHoldingLock(Duration pause) {
    Instant until = clock.instant().plus(pause);
    while (run.running() && clock.instant().isBefore(until)) {
      Duration left = Duration.between(clock.instant(), until);
      pause(left.compareTo(retryInterval) < 0 ? left : retryInterval);
      if (!holds()) {
        return;
      }
    }
  }

  /** A standby (or a relay whose engine could not start) bids again after one retry interval. */
  void awaitNextBid() {
    pause(retryInterval);
  }

  /** The relay stopped: the lock goes (dropped without a word when crashing), the role is STOPPED. */
  void stopped() {
    release();
    role = RelayRole.STOPPED;
  }

  /** Drops the lock session as a dying process would; the supervisor then ends on its own. */
  void abort() {
    lock.abort();
  }

  private void release() {
    if (run.crashed()) {
      lock.close();
    } else {
      lock.release();
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
