package com.bookiji.reconciler.invariants.domain;

import static com.bookiji.reconciler.invariants.domain.ModelFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.observation.domain.GroupLag;
import com.bookiji.reconciler.observation.domain.LagSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("lag-aware grace: a break that may only be 'not yet seen' is pending, not raised")
class LagAwareGraceTest {

  private static final CheckBounds BOUNDS = new CheckBounds(Duration.ofSeconds(30), Duration.ofMinutes(15),
      Duration.ofDays(7), CheckBounds.defaults().stateBounds(), Duration.ofMinutes(10));
  private static final InvariantChecks CHECKS = InvariantChecks.all(BOUNDS);

  /** A hold that expired at T0 + 60 s: broken from T0 + 90 s on (TTL + grace). */
  private final ModelSnapshot model = ModelFixture.given().held("r-1", "s-1", "h-1", Duration.ofSeconds(60)).snapshot();

  private static LagSnapshot behind(String group, String topic, Duration time) {
    return new LagSnapshot(List.of(new GroupLag(group, topic, 3, time)));
  }

  @Test
  @DisplayName("the owner 20 s behind on availability.commands holds HOLD_NOT_RESOLVED back at +100 s, and says so")
  void heldBackByTheOwnersLag() {
    InvariantChecks.Run run = CHECKS.run(model, behind("availability-service", "availability.commands",
        Duration.ofSeconds(20)), T0.plusSeconds(100));
    assertThat(run.raised()).isEmpty();
    assertThat(run.pending()).singleElement().satisfies(p -> {
      assertThat(p.finding().breakId()).isEqualTo("HOLD_NOT_RESOLVED:h-1");
      assertThat(p.detail()).startsWith("pending: consumer availability-service is 20 s (3 messages) behind on availability.commands");
    });
  }

  @Test
  @DisplayName("once the break outlasts the lag it is raised")
  void raisedBeyondTheLag() {
    InvariantChecks.Run run = CHECKS.run(model, behind("availability-service", "availability.commands",
        Duration.ofSeconds(20)), T0.plusSeconds(111));
    assertThat(run.raised()).extracting(Finding::breakId).containsExactly("HOLD_NOT_RESOLVED:h-1");
    assertThat(run.pending()).isEmpty();
  }

  @Test
  @DisplayName("a lag on a topic the check does not depend on changes nothing")
  void unrelatedLag() {
    InvariantChecks.Run run = CHECKS.run(model, behind("payment-service", "payment.commands", Duration.ofMinutes(5)),
        T0.plusSeconds(100));
    assertThat(run.raised()).extracting(Finding::breakId).containsExactly("HOLD_NOT_RESOLVED:h-1");
  }

  @Test
  @DisplayName("a consumer that stopped for good stretches the bound only up to the cap")
  void stretchIsCapped() {
    Instant now = T0.plusSeconds(90).plus(Duration.ofMinutes(10)).plusSeconds(1);
    InvariantChecks.Run run = CHECKS.run(model, behind("availability-service", "availability.commands",
        Duration.ofHours(3)), now);
    assertThat(run.raised()).extracting(Finding::breakId).containsExactly("HOLD_NOT_RESOLVED:h-1");
  }

  @Test
  @DisplayName("without lag the result equals the plain run")
  void noLag() {
    assertThat(CHECKS.run(model, LagSnapshot.none(), T0.plusSeconds(100)).raised())
        .isEqualTo(CHECKS.run(model, T0.plusSeconds(100)));
  }

  @Test
  @DisplayName("a check that throws becomes a CHECK_FAILED finding and the other checks still run")
  void aFailingCheckDoesNotSilenceTheOthers() {
    InvariantCheck broken = new InvariantCheck() {
      @Override
      public String code() {
        return "BROKEN";
      }

      @Override
      public List<Finding> check(ModelSnapshot snapshot, Instant now) {
        throw new IllegalStateException("boom");
      }
    };
    InvariantChecks checks = new InvariantChecks(List.of(broken, new HoldNotResolved(BOUNDS)));
    assertThat(checks.run(model, T0.plusSeconds(100))).extracting(Finding::breakId)
        .containsExactly("CHECK_FAILED:BROKEN", "HOLD_NOT_RESOLVED:h-1");
  }
}
