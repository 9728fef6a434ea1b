package com.bookiji.payment.web;

import com.bookiji.payment.application.StripeWebhookService;
import com.bookiji.payment.application.StripeWebhookService.WebhookEvent;
import com.bookiji.payment.stripe.StripeEvents;
import com.bookiji.payment.stripe.StripeProperties;
import com.bookiji.platform.web.ApiProblem;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /stripe/webhooks}: signature first; a bad or stale signature changes nothing. */
@RestController
public class StripeWebhookController {

  private final StripeWebhookService webhooks;
  private final StripeProperties stripe;
  private final Clock clock;
  private final Timer lag;

  public StripeWebhookController(StripeWebhookService webhooks, StripeProperties stripe,
      Clock clock, MeterRegistry registry) {
    this.webhooks = webhooks;
    this.stripe = stripe;
    this.clock = clock;
    this.lag = Timer.builder("bookiji.stripe.webhook.lag")
        .description("Time from the Stripe event's creation to its arrival here")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  @PostMapping("/stripe/webhooks")
  public Map<String, Object> receive(@RequestBody(required = false) String payload,
      @RequestHeader(value = "Stripe-Signature", required = false) String signature) {
    if (payload == null || signature == null) {
      throw ApiProblem.badRequest("STRIPE_SIGNATURE_INVALID", "signed payload required");
    }
    Event verified;
    try {
      verified = Webhook.constructEvent(payload, signature, stripe.webhookSecret(),
          stripe.webhookTolerance().toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      throw ApiProblem.badRequest("STRIPE_SIGNATURE_INVALID", e.getMessage());
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("STRIPE_PAYLOAD_INVALID", "not a Stripe event");
    }
    WebhookEvent event = StripeEvents.reference(verified, dataObject(payload));
    if (event.created() != null) {
      lag.record(Duration.between(event.created(), clock.instant()).abs());
    }
    try {
      StripeWebhookService.Outcome outcome = webhooks.handle(event);
      return Map.of("received", true, "outcome", outcome.name());
    } catch (StripeWebhookService.ProviderUnavailable e) {
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "STRIPE_UNAVAILABLE", e.getMessage());
    } catch (StripeWebhookService.PaymentBusy e) {
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENT_BUSY", e.getMessage());
    }
  }

  /** The event's {@code data.object}, from the raw payload (empty when it has none). */
  private static JsonObject dataObject(String payload) {
    JsonObject root = JsonParser.parseString(payload).getAsJsonObject();
    return root.has("data") && root.getAsJsonObject("data").has("object")
        ? root.getAsJsonObject("data").getAsJsonObject("object") : new JsonObject();
  }
}
