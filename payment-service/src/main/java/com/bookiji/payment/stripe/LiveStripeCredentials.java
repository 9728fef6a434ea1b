package com.bookiji.payment.stripe;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * With {@code bookiji.stripe.require-live-credentials} (on in the production profile) the service
 * refuses to start unless a Stripe secret key and webhook secret of the account are configured: the
 * defaults are the simulator's, and a production payment service that silently talked to a simulator
 * (or accepted webhooks signed with a public secret) would take no money and trust forged events.
 */
@Component
public class LiveStripeCredentials {

  static final String DEFAULT_WEBHOOK_SECRET = "whsec_bookiji";

  public LiveStripeCredentials(StripeProperties stripe,
      @Value("${bookiji.stripe.require-live-credentials:false}") boolean required) {
    if (required) {
      List<String> missing = missing(stripe);
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Stripe credentials missing (bookiji.stripe.require-live-credentials is on, as in"
            + " the production profile): " + String.join("; ", missing)
            + ". Refusing to start rather than fall back to the Stripe simulator.");
      }
    }
  }

  static List<String> missing(StripeProperties stripe) {
    List<String> missing = new ArrayList<>();
    if (stripe.apiKey() == null || stripe.apiKey().isBlank() || StripeProperties.SIMULATOR_KEY.equals(stripe.apiKey())) {
      missing.add("set the account's secret key in BOOKIJI_STRIPE_APIKEY (or STRIPE_API_KEY)");
    }
    if (stripe.webhookSecret() == null || stripe.webhookSecret().isBlank()
        || DEFAULT_WEBHOOK_SECRET.equals(stripe.webhookSecret())) {
      missing.add("set the webhook endpoint's signing secret in BOOKIJI_STRIPE_WEBHOOKSECRET (or STRIPE_WEBHOOK_SECRET)");
    }
    return missing;
  }
}
