package com.bookiji.payment.stripe;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveStripeCredentialsTest {

  private static StripeProperties props(String key, String webhookSecret) {
    return new StripeProperties(key, "", webhookSecret, Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
        new StripeProperties.Retry(6, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(10)));
  }

  @Test
  @DisplayName("when live credentials are required, a missing key and webhook secret stop the start, naming both variables")
  void missingSecretsStopTheStart() {
    assertThatThrownBy(() -> new LiveStripeCredentials(props("", ""), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BOOKIJI_STRIPE_APIKEY").hasMessageContaining("BOOKIJI_STRIPE_WEBHOOKSECRET")
        .hasMessageContaining("Refusing to start rather than fall back to the Stripe simulator");
  }

  @Test
  @DisplayName("when live credentials are required, the simulator's key and the default webhook secret are refused too")
  void simulatorDefaultsAreRefused() {
    assertThatThrownBy(() -> new LiveStripeCredentials(props("sk_test_bookiji", "whsec_account"), true))
        .hasMessageContaining("BOOKIJI_STRIPE_APIKEY").hasMessageNotContaining("WEBHOOKSECRET");
    assertThatThrownBy(() -> new LiveStripeCredentials(props("sk_live_account", "whsec_bookiji"), true))
        .hasMessageContaining("BOOKIJI_STRIPE_WEBHOOKSECRET").hasMessageNotContaining("APIKEY");
  }

  @Test
  @DisplayName("the account's own credentials start; without the requirement the simulator's defaults start (local stack, tests)")
  void accountCredentialsStart() {
    assertThatCode(() -> new LiveStripeCredentials(props("sk_live_account", "whsec_account"), true)).doesNotThrowAnyException();
    assertThatCode(() -> new LiveStripeCredentials(props("sk_test_bookiji", "whsec_bookiji"), false)).doesNotThrowAnyException();
  }
}
