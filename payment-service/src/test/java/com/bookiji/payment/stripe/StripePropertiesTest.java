package com.bookiji.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StripePropertiesTest {

  private static StripeProperties props(String key, String base) {
    return new StripeProperties(key, base, "whsec_bookiji", 300, 2000, 10000,
        new StripeProperties.Retry(6, 200, 2.0, 0.5, 5000, 10000));
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
