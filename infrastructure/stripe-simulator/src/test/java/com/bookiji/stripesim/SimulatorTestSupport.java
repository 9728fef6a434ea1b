package com.bookiji.stripesim;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One simulator per test class, reset before each test; clients talk to it only through stripe-java. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatorTestSupport {

  protected StripeSimulator sim;
  protected SimControlClient control;
  /** No client-side retries, so every call is exactly one HTTP request. */
  protected StripeClient stripe;

  protected StripeSimulatorConfig config() {
    return StripeSimulatorConfig.defaults();
  }

  @BeforeAll
  void startSimulator() {
    sim = StripeSimulator.start(config());
    control = sim.control();
    stripe = client(sim.config().secretKey(), 0);
  }

  @AfterAll
  void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void resetSimulator() {
    control.reset();
  }

  protected StripeClient client(String apiKey, int maxNetworkRetries) {
    return StripeClient.builder()
        .setApiKey(apiKey)
        .setApiBase(sim.baseUrl())
        .setMaxNetworkRetries(maxNetworkRetries)
        .setConnectTimeout(5_000)
        .setReadTimeout(20_000)
        .build();
  }

  protected PaymentIntent createManual(long amount, String reservationId) throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(amount)
            .setCurrency("eur")
            .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
            .putMetadata("reservation_id", reservationId)
            .build());
  }

  protected PaymentIntent authorized(long amount, String reservationId) throws StripeException {
    return stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(amount)
            .setCurrency("eur")
            .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
            .setPaymentMethod("pm_card_visa")
            .setConfirm(true)
            .putAllMetadata(Map.of("reservation_id", reservationId))
            .build());
  }
}
