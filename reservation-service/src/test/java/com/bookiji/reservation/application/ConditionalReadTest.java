package com.bookiji.reservation.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.reservation.application.ReservationStore.ReadStamp;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.domain.VendorDecision;
import com.bookiji.reservation.saga.SagaState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a conditional status read")
class ConditionalReadTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Actor REQUESTER = new Actor("requester-1", Role.REQUESTER);

  private final OneReservation store = new OneReservation(new SagaState.Builder().reservationId("r-1")
      .slotId("slot-1").requesterId(REQUESTER.id()).vendorId("vendor-1").state(ReservationState.AWAITING_CONFIRMATIONS)
      .hold(HoldStatus.HELD).payment(PaymentStatus.STARTED).vendorDecision(VendorDecision.PENDING)
      .createdAt(NOW).updatedAt(NOW).build(), 7);
  private final TestClock clock = TestClock.at(NOW);
  private final ReservationService service = new ReservationService(store, null, null, null, clock, null,
      new SagaMetrics(new SimpleMeterRegistry(), clock), null);

  @Test
  @DisplayName("that misses reads the stamp once: the body comes with the version the comparison read")
  void aMissReadsTheStampOnce() {
    ReadStamp compared = service.readStamp(REQUESTER, "r-1");
    store.version = 8; // the reservation moves on between the comparison and the body

    ReservationService.VersionedView body = service.getVersioned(REQUESTER, "r-1", compared);

    assertThat(store.stampReads).isEqualTo(1);
    assertThat(body.version()).as("never newer than the body: at worst the next poll fetches it again").isEqualTo(7);
    assertThat(body.view().state().reservationId()).isEqualTo("r-1");
  }

  @Test
  @DisplayName("without a stamp reads it with the body, and a stranger's stamp is refused like a missing reservation")
  void otherReads() {
    assertThat(service.getVersioned(REQUESTER, "r-1").version()).isEqualTo(7);
    assertThat(store.stampReads).isEqualTo(1);

    ReadStamp compared = service.readStamp(REQUESTER, "r-1");
    assertThatThrownBy(() -> service.getVersioned(new Actor("stranger", Role.REQUESTER), "r-1", compared))
        .isInstanceOf(RequestRefused.class);
  }

  /** One reservation; counts the stamp reads. Only what a read uses is implemented. */
  private static final class OneReservation implements ReservationStore {
    private final SagaState state;
    private long version;
    private int stampReads;

    OneReservation(SagaState state, long version) {
      this.state = state;
      this.version = version;
    }

    @Override
    public Optional<ReadStamp> readStamp(String id) {
      stampReads++;
      return find(id).map(s -> new ReadStamp(s.requesterId(), s.vendorId(), version));
    }

    @Override
    public Optional<SagaState> find(String id) {
      return Optional.of(state).filter(s -> s.reservationId().equals(id));
    }

    @Override
    public List<TimelineEntry> timeline(String id, long afterSeq) {
      return List.of();
    }

    @Override public void insert(SagaState s) { throw new UnsupportedOperationException(); }
    @Override public void rememberTrace(String id, String traceparent) { throw new UnsupportedOperationException(); }
    @Override public Optional<String> trace(String id) { throw new UnsupportedOperationException(); }
    @Override public Optional<SagaState> lock(String id) { throw new UnsupportedOperationException(); }
    @Override public Optional<SagaState> tryLock(String id) { throw new UnsupportedOperationException(); }
    @Override public Optional<Instant> oldestInOutbox(String reservationId, String eventType) { throw new UnsupportedOperationException(); }
    @Override public void update(SagaState previous, SagaState next) { throw new UnsupportedOperationException(); }
    @Override public void applyDeadlines(String id, Map<DeadlineKind, Instant> set, Set<DeadlineKind> clear) { throw new UnsupportedOperationException(); }
    @Override public void appendTimeline(String id, Instant at, String fromState, String toState, String trigger, String note) { throw new UnsupportedOperationException(); }
    @Override public List<SagaState> list(ReservationQuery query) { throw new UnsupportedOperationException(); }
    @Override public List<String> withDueDeadlines(Instant now, int limit) { throw new UnsupportedOperationException(); }
    @Override public Map<String, InFlight> inFlight() { throw new UnsupportedOperationException(); }
    @Override public void lockRequester(String requesterId) { throw new UnsupportedOperationException(); }
    @Override public AwaitingPayment awaitingPayment(String requesterId) { throw new UnsupportedOperationException(); }
    @Override public void notifyChanged(String id) { throw new UnsupportedOperationException(); }
  }
}
