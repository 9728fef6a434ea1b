package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.console.domain.ReplayDecision;
import com.bookiji.reconciler.console.domain.ReplayPolicy;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Browse the dead letters the auditor observed, and send them back — only what can still apply, always audited. */
@Service
public class DeadLetters {

  static final String DEAD_LETTERED = "DeadLettered";
  private static final int BROWSE_LIMIT = 500;

  private final Observations observations;
  private final DeadLetterRecords records;
  private final ReplayLog log;
  private final Clock clock;

  public DeadLetters(Observations observations, DeadLetterRecords records, ReplayLog log, Clock clock) {
    this.observations = observations;
    this.records = records;
    this.log = log;
    this.clock = clock;
  }

  public record Position(String topic, int partition, long offset) {}

  public record DeadLetter(String topic, int partition, long offset, String key, String reservationId,
      String originalTopic, String eventType, String eventId, Map<String, String> headers, Instant deadLetteredAt,
      boolean replayed, List<ReplayLog.Entry> replays) {}

  public enum ReplayOutcome { REPLAYED, REFUSED, FAILED, NOT_FOUND }

  public record ReplayResult(Position deadLetter, ReplayOutcome outcome, String code, String reason,
      String replayedTo) {}

  public List<DeadLetter> browse(String topic) {
    return observations.byEventType(DEAD_LETTERED, BROWSE_LIMIT).stream()
        .filter(m -> topic == null || topic.equals(m.topic()))
        .map(this::view).toList();
  }

  public Optional<DeadLetter> one(Position p) {
    return observations.at(p.topic(), p.partition(), p.offset())
        .filter(m -> DEAD_LETTERED.equals(m.eventType())).map(this::view);
  }

  public List<ReplayLog.Entry> history() {
    return log.recent(100);
  }

  /** Each position decided and sent on its own: one refusal does not stop the others. */
  public synchronized List<ReplayResult> replay(List<Position> positions, String by) {
    List<ReplayResult> results = new ArrayList<>();
    for (Position p : positions) {
      results.add(replayOne(p, by));
    }
    return results;
  }

  private ReplayResult replayOne(Position p, String by) {
    Optional<DeadLetter> found = one(p);
    if (found.isEmpty()) {
      return new ReplayResult(p, ReplayOutcome.NOT_FOUND, "DEAD_LETTER_NOT_FOUND",
          "no dead letter observed at " + p.topic() + "/" + p.partition() + "@" + p.offset(), null);
    }
    DeadLetter d = found.get();
    Instant now = clock.instant();
    ReplayDecision decision = ReplayPolicy.decide(d.eventType(),
        d.reservationId() == null ? Optional.empty() : observations.model().reservation(d.reservationId()),
        log.replayed(p.topic(), p.partition(), p.offset()));
    if (decision instanceof ReplayDecision.Refused refused) {
      log.refused(p.topic(), p.partition(), p.offset(), d.eventType(), d.reservationId(), by, now,
          refused.code() + ": " + refused.reason());
      return new ReplayResult(p, ReplayOutcome.REFUSED, refused.code(), refused.reason(), null);
    }
    String reason = ((ReplayDecision.Replay) decision).reason();
    Optional<Long> claim = log.claim(p.topic(), p.partition(), p.offset(), d.eventType(), d.reservationId(), by, now);
    if (claim.isEmpty()) {
      return new ReplayResult(p, ReplayOutcome.REFUSED, "DEAD_LETTER_ALREADY_REPLAYED",
          "this dead letter is being replayed or was replayed already", null);
    }
    try {
      DeadLetterRecords.Republished to = records.republish(p.topic(), p.partition(), p.offset(), by);
      String where = to.topic() + "/" + to.partition() + "@" + to.offset();
      log.finish(claim.get(), ReplayLog.Outcome.REPLAYED, reason, where);
      return new ReplayResult(p, ReplayOutcome.REPLAYED, null, reason, where);
    } catch (RuntimeException e) {
      log.finish(claim.get(), ReplayLog.Outcome.FAILED, e.getMessage(), null);
      return new ReplayResult(p, ReplayOutcome.FAILED, "DEAD_LETTER_REPLAY_FAILED", e.getMessage(), null);
    }
  }

  private DeadLetter view(ObservedMessage m) {
    Map<String, String> h = m.headers();
    String original = h.getOrDefault("dlt.original.topic",
        m.topic().endsWith("-dlt") ? m.topic().substring(0, m.topic().length() - 4) : m.topic());
    List<ReplayLog.Entry> replays = log.of(m.topic(), m.partition(), m.offset());
    return new DeadLetter(m.topic(), m.partition(), m.offset(), m.key(), blankToNull(m.reservationId()), original,
        h.get("eventType"), h.get("eventId"), h, m.effectiveTime(),
        replays.stream().anyMatch(r -> r.outcome() == ReplayLog.Outcome.REPLAYED), replays);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
