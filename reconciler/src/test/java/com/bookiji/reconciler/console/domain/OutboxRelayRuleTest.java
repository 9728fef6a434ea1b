package com.bookiji.reconciler.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a service's outbox relays are judged from one round of readings of its instances")
class OutboxRelayRuleTest {

  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final OutboxRelayRule RULE = new OutboxRelayRule(Duration.ofMinutes(1));

  private static RelayReading streaming(long rows, long ageSeconds) {
    return new RelayReading.Scraped(rows, Duration.ofSeconds(ageSeconds), true, 0);
  }

  private static RelayReading standby() {
    return new RelayReading.Scraped(0, Duration.ZERO, false, 0);
  }

  private static RelayReading failing(long failures) {
    return new RelayReading.Scraped(12, Duration.ofSeconds(40), false, failures);
  }

  private static List<OutboxRelayState> judge(RelayReading... perInstance) {
    Map<String, RelayReading> readings = new LinkedHashMap<>();
    for (int i = 0; i < perInstance.length; i++) {
      readings.put("http://payment-" + i + ":8083", perInstance[i]);
    }
    return RULE.judge("payment-service", AT, readings);
  }

  @Test
  @DisplayName("the streaming instance is ACTIVE and OK, the other a STANDBY and OK, each with the service's backlog")
  void streamingAndStandby() {
    List<OutboxRelayState> states = judge(streaming(3, 2), standby());
    assertThat(states).extracting(OutboxRelayState::role).containsExactly(RelayRole.ACTIVE, RelayRole.STANDBY);
    assertThat(states).extracting(OutboxRelayState::status).containsExactly(RelayStatus.OK, RelayStatus.OK);
    assertThat(states.get(0).backlogRows()).isEqualTo(3);
    assertThat(states.get(0).oldestRowAge()).isEqualTo(Duration.ofSeconds(2));
    assertThat(states.get(0).streaming()).isTrue();
    assertThat(states.get(0).instance()).isEqualTo("http://payment-0:8083");
  }

  @Test
  @DisplayName("an oldest unrelayed row beyond the bound is WARN, at the bound still OK")
  void oldBacklogWarns() {
    assertThat(judge(streaming(5, 61)).get(0).status()).isEqualTo(RelayStatus.WARN);
    assertThat(judge(streaming(5, 61)).get(0).reason()).contains("61 s old");
    assertThat(judge(streaming(5, 60)).get(0).status()).isEqualTo(RelayStatus.OK);
  }

  @Test
  @DisplayName("an instance that did not answer is DOWN with the reason, its role unknown, no numbers")
  void unreachableIsDown() {
    List<OutboxRelayState> states = judge(streaming(0, 0), new RelayReading.Unreachable("no answer within 2 s"));
    OutboxRelayState down = states.get(1);
    assertThat(down.status()).isEqualTo(RelayStatus.DOWN);
    assertThat(down.role()).isEqualTo(RelayRole.UNKNOWN);
    assertThat(down.reason()).isEqualTo("no answer within 2 s");
    assertThat(down.backlogRows()).isNull();
    assertThat(states.get(0).status()).as("the streaming instance stays OK").isEqualTo(RelayStatus.OK);
  }

  @Test
  @DisplayName("a lock holder whose engine keeps failing is ACTIVE and DOWN, and so is the standby: nothing relays")
  void holderNotStreamingIsDown() {
    List<OutboxRelayState> states = judge(failing(3), standby());
    assertThat(states.get(0).role()).isEqualTo(RelayRole.ACTIVE);
    assertThat(states.get(0).status()).isEqualTo(RelayStatus.DOWN);
    assertThat(states.get(0).reason()).contains("does not stream").contains("3 engine failures");
    assertThat(states.get(1).role()).isEqualTo(RelayRole.STANDBY);
    assertThat(states.get(1).status()).isEqualTo(RelayStatus.DOWN);
    assertThat(states.get(1).reason()).isEqualTo("no instance of payment-service streams its outbox");
  }

  @Test
  @DisplayName("a service none of whose answering instances streams is DOWN, even with an empty outbox")
  void nobodyStreamsIsDown() {
    assertThat(judge(standby()).get(0).status()).isEqualTo(RelayStatus.DOWN);
    assertThat(judge(standby(), new RelayReading.Unreachable("refused")))
        .extracting(OutboxRelayState::status).containsExactly(RelayStatus.DOWN, RelayStatus.DOWN);
  }

  @Test
  @DisplayName("two instances streaming at once are both WARN")
  void twoStreamersWarn() {
    assertThat(judge(streaming(0, 0), streaming(0, 0))).extracting(OutboxRelayState::status)
        .containsExactly(RelayStatus.WARN, RelayStatus.WARN);
  }

  @Test
  @DisplayName("beside a streaming instance, one with engine failures left is a standby that stepped down: STANDBY, OK")
  void steppedDownStandby() {
    List<OutboxRelayState> states = judge(failing(5), streaming(0, 0));
    assertThat(states.get(0).role()).isEqualTo(RelayRole.STANDBY);
    assertThat(states.get(0).status()).isEqualTo(RelayStatus.OK);
    assertThat(states.get(1).role()).isEqualTo(RelayRole.ACTIVE);
  }
}
