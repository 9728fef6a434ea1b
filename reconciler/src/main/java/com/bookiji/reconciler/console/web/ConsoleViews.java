package com.bookiji.reconciler.console.web;

import com.bookiji.reconciler.console.domain.BusinessLag;
import com.bookiji.reconciler.console.domain.ConsumerGroupLag;
import com.bookiji.reconciler.console.domain.LagStatus;
import com.bookiji.reconciler.console.domain.OutboxRelayState;
import com.bookiji.reconciler.console.domain.RelayRole;
import com.bookiji.reconciler.console.domain.RelayStatus;
import com.bookiji.reconciler.console.domain.PartitionLag;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON shapes of the console API: durations in seconds, payloads as raw JSON. */
final class ConsoleViews {

  private ConsoleViews() {}

  record BusinessLagView(int reservations, List<String> reservationIds, Map<String, Long> moneyByCurrency) {
    static BusinessLagView of(BusinessLag b) {
      return new BusinessLagView(b.reservations(), b.reservationIds().stream().sorted().limit(20).toList(),
          b.moneyByCurrency());
    }
  }

  record PartitionLagView(String topic, int partition, long committedOffset, long endOffset, long offsetLag,
      double timeLagSeconds, LagStatus status) {
    static PartitionLagView of(PartitionLag p) {
      return new PartitionLagView(p.topic(), p.partition(), p.committedOffset(), p.endOffset(), p.offsetLag(),
          p.timeLag().toMillis() / 1000.0, p.status());
    }
  }

  record GroupLagView(String group, LagStatus status, boolean hasMembers, long offsetLag, double timeLagSeconds,
      BusinessLagView businessLag, List<PartitionLagView> partitions) {
    static GroupLagView of(ConsumerGroupLag g) {
      return new GroupLagView(g.group(), g.status(), g.hasMembers(), g.offsetLag(), g.timeLag().toMillis() / 1000.0,
          BusinessLagView.of(g.businessLag()), g.partitions().stream().map(PartitionLagView::of).toList());
    }
  }

  record MessageView(Instant occurredAt, Instant observedAt, String topic, int partition, long offset, String key,
      String eventType, String eventId, String correlationId, String causationId, String traceId,
      Map<String, String> headers, @JsonRawValue String payload) {
    static MessageView of(ObservedMessage m) {
      String traceparent = m.headers().get("traceparent");
      String traceId = traceparent != null && traceparent.split("-").length >= 2 ? traceparent.split("-")[1] : null;
      return new MessageView(m.occurredAt(), m.observedAt(), m.topic(), m.partition(), m.offset(), m.key(),
          m.eventType(), m.eventId().toString(), m.headers().get("correlationId"), m.headers().get("causationId"),
          traceId, m.headers(), m.payloadJson());
    }
  }

  /** One instance's outbox relay; {@code backlogRows} and {@code oldestRowAgeSeconds} are null when it did not answer. */
  record OutboxRelayView(String service, String instance, Instant readAt, Long backlogRows, Double oldestRowAgeSeconds,
      RelayRole role, boolean streaming, RelayStatus status, String reason) {
    static OutboxRelayView of(OutboxRelayState r) {
      return new OutboxRelayView(r.service(), r.instance(), r.readAt(), r.backlogRows(),
          r.oldestRowAge() == null ? null : r.oldestRowAge().toMillis() / 1000.0, r.role(), r.streaming(), r.status(),
          r.reason());
    }
  }
}
