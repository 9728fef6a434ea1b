package com.bookiji.reconciler.invariants.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a break is raised only once it held for the confirmation time")
class BreakConfirmationTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Finding CAPTURE = new Finding("CAPTURE_WITHOUT_BOOKING", Severity.CRITICAL, "r-1", "r-1", "captured");

  private final BreakConfirmation confirmation = new BreakConfirmation(Duration.ofSeconds(2));

  @Test
  @DisplayName("seen for less than the confirmation time: pending; still seen after it: raised")
  void confirmedAfterItHeld() {
    assertThat(confirmation.confirm(List.of(CAPTURE), id -> false, T0).confirmed()).isEmpty();
    BreakConfirmation.Result early = confirmation.confirm(List.of(CAPTURE), id -> false, T0.plusMillis(1500));
    assertThat(early.confirmed()).isEmpty();
    assertThat(early.unconfirmed()).singleElement().satisfies(p -> assertThat(p.detail()).startsWith("pending: seen since"));
    assertThat(confirmation.confirm(List.of(CAPTURE), id -> false, T0.plusSeconds(2)).confirmed()).containsExactly(CAPTURE);
  }

  @Test
  @DisplayName("a break that goes away before it is confirmed starts over when it comes back")
  void transientBreakIsForgotten() {
    confirmation.confirm(List.of(CAPTURE), id -> false, T0);
    confirmation.confirm(List.of(), id -> false, T0.plusSeconds(1));
    assertThat(confirmation.confirm(List.of(CAPTURE), id -> false, T0.plusSeconds(2)).confirmed()).isEmpty();
    assertThat(confirmation.confirm(List.of(CAPTURE), id -> false, T0.plusSeconds(4)).confirmed()).containsExactly(CAPTURE);
  }

  @Test
  @DisplayName("an already open finding needs no confirmation")
  void openFindingStays() {
    assertThat(confirmation.confirm(List.of(CAPTURE), id -> true, T0).confirmed()).containsExactly(CAPTURE);
  }
}
