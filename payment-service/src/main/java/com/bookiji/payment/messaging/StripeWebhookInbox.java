package com.bookiji.payment.messaging;

import com.bookiji.payment.application.ProcessedWebhooks;
import com.bookiji.platform.inbox.ExternalInbox;
import com.bookiji.platform.inbox.ExternalMessage;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The webhooks' inbox is the platform inbox, keyed by Stripe's event id under its own consumer
 * name, and purged by the platform's inbox janitor.
 */
@Component
public class StripeWebhookInbox implements ProcessedWebhooks {

  /** The consumer name of Stripe's webhooks in the platform's external inbox. */
  public static final String CONSUMER = "stripe-webhooks";

  private final ExternalInbox inbox;

  public StripeWebhookInbox(ExternalInbox inbox) {
    this.inbox = inbox;
  }

  @Override
  public boolean seen(String eventId) {
    return inbox.seen(CONSUMER, eventId);
  }

  @Override
  public boolean firstDelivery(String eventId, String type, String paymentIntentId,
      Instant created) {
    return inbox.record(new ExternalMessage(CONSUMER, eventId, type, paymentIntentId, created));
  }
}
