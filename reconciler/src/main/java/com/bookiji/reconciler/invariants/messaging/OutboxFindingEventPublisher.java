package com.bookiji.reconciler.invariants.messaging;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.reconciler.invariants.application.FindingEventPublisher;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.reconciler.InvariantViolationFound;
import com.bookiji.schemas.reconciler.InvariantViolationResolved;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** {@code reconciler.findings}, keyed by the break id, through the outbox. */
@Component
public class OutboxFindingEventPublisher implements FindingEventPublisher {

  private final Outbox outbox;

  public OutboxFindingEventPublisher(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void found(FindingRecord f) {
    Instant at = f.lastSeenAt();
    outbox.append(Topic.RECONCILER_FINDINGS, f.breakId(), InvariantViolationFound.newBuilder()
        .setFindingId(f.breakId()).setInvariant(f.code()).setReservationId(f.reservationId())
        .setSubjectId(f.subjectId()).setDetail(f.detail()).setRepairAction(null)
        .setOccurredAt(at).build(), context(f));
  }

  @Override
  public void resolved(FindingRecord f) {
    String resolution = "resolved by " + f.resolvedBy()
        + (f.resolutionNote() == null ? "" : ": " + f.resolutionNote());
    outbox.append(Topic.RECONCILER_FINDINGS, f.breakId(), InvariantViolationResolved.newBuilder()
        .setFindingId(f.breakId()).setInvariant(f.code()).setReservationId(f.reservationId())
        .setSubjectId(f.subjectId()).setResolution(resolution)
        .setOccurredAt(f.resolvedAt() == null ? f.lastSeenAt() : f.resolvedAt()).build(), context(f));
  }

  /** A finding about a reservation joins that reservation's correlation; any other starts its own. */
  private static MessageContext context(FindingRecord f) {
    return MessageContext.root(f.reservationId() != null ? f.reservationId() : f.breakId());
  }
}
