package com.bookiji.reconciler.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status of a service's relays from one round of readings, one per known instance (pure):
 * <ol>
 *   <li>an instance that did not answer is DOWN (role UNKNOWN);</li>
 *   <li>an instance that does not stream after engine failures in a row, while no other instance
 *       streams, holds the lock without relaying (or stepped down from it; the metrics cannot tell):
 *       ACTIVE and DOWN — beside a streaming instance it is a standby that stepped down;</li>
 *   <li>when no answering instance of the service streams, nothing relays its outbox: every instance
 *       is DOWN;</li>
 *   <li>two instances streaming at once (a hand-over between two scrapes, or a split lock) is WARN;</li>
 *   <li>an oldest unrelayed row older than {@code ageBound} is WARN;</li>
 *   <li>otherwise OK: the streaming instance ACTIVE, the others STANDBY.</li>
 * </ol>
 */
public final class OutboxRelayRule {

  private final Duration ageBound;

  public OutboxRelayRule(Duration ageBound) {
    this.ageBound = ageBound;
  }

  /** {@code readings}: instance → its reading, in the order the instances are configured. */
  public List<OutboxRelayState> judge(String service, Instant at, Map<String, RelayReading> readings) {
    long streaming = readings.values().stream()
        .filter(r -> r instanceof RelayReading.Scraped s && s.streaming()).count();
    List<OutboxRelayState> states = new ArrayList<>();
    readings.forEach((instance, reading) -> {
      if (reading instanceof RelayReading.Scraped s) {
        states.add(judge(service, instance, at, s, streaming));
      } else {
        states.add(new OutboxRelayState(service, instance, at, null, null, RelayRole.UNKNOWN, false, RelayStatus.DOWN,
            ((RelayReading.Unreachable) reading).reason()));
      }
    });
    return states;
  }

  private OutboxRelayState judge(String service, String instance, Instant at, RelayReading.Scraped s,
      long streamingInstances) {
    // The lock is exclusive: beside a streaming instance, one with failures left is a stepped-down standby.
    boolean failingHolder = !s.streaming() && s.engineFailuresInARow() > 0 && streamingInstances == 0;
    RelayRole role = s.streaming() || failingHolder ? RelayRole.ACTIVE : RelayRole.STANDBY;
    RelayStatus status;
    String reason;
    if (failingHolder) {
      status = RelayStatus.DOWN;
      reason = "does not stream after " + s.engineFailuresInARow()
          + " engine failures in a row (holds the relay lock, or stepped down from it)";
    } else if (streamingInstances == 0) {
      status = RelayStatus.DOWN;
      reason = "no instance of " + service + " streams its outbox";
    } else if (streamingInstances > 1 && s.streaming()) {
      status = RelayStatus.WARN;
      reason = streamingInstances + " instances of " + service + " stream at once";
    } else if (s.oldestRowAge().compareTo(ageBound) > 0) {
      status = RelayStatus.WARN;
      reason = "the oldest unrelayed row is " + s.oldestRowAge().toSeconds() + " s old (bound "
          + ageBound.toSeconds() + " s)";
    } else {
      status = RelayStatus.OK;
      reason = s.streaming() ? "streams" : "standby";
    }
    return new OutboxRelayState(service, instance, at, s.backlogRows(), s.oldestRowAge(), role, s.streaming(), status,
        reason);
  }
}
