package com.bookiji.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StripePropertiesTest {

  private static StripeProperties props(String key, String base) {
    return new StripeProperties(key, base, "whsec_bookiji", Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
        new StripeProperties.Retry(6, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(10)));
  }

  @Test
  @DisplayName("a real key without an API base talks to the real Stripe API")
  void realKeyRealStripe() {
    assertThat(props("sk_live_123", "").effectiveApiBase()).isNull();
  }

  @Test
  @DisplayName("the simulator's key without an API base talks to the local simulator")
  void simulatorKeyLocalSimulator() {
    assertThat(props("sk_test_bookiji", "").effectiveApiBase())
        .isEqualTo("http://localhost:12111");
  }

  @Test
  @DisplayName("an explicit API base always wins")
  void explicitBaseWins() {
    assertThat(props("sk_test_bookiji", "http://127.0.0.1:4000").effectiveApiBase())
        .isEqualTo("http://127.0.0.1:4000");
  }
}
