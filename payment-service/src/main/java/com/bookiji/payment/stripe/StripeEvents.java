package com.bookiji.payment.stripe;

import com.bookiji.payment.application.StripeWebhookService.WebhookEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.model.Event;
import java.time.Instant;

/**
 * What a Stripe event is about, read from the raw JSON of its {@code data.object} (independent of
 * stripe-java's API version): the intent (an intent itself, or the one a charge, refund or dispute
 * names), and for an intent the reservation and attempt of its metadata. One reading for webhooks
 * and for events listed by the sweep.
 */
public final class StripeEvents {

  private StripeEvents() {}

  /** @param object the event's {@code data.object}, empty when it has none */
  public static WebhookEvent reference(Event event, JsonObject object) {
    String type = text(object, "object");
    boolean aboutAnIntent = "payment_intent".equals(type);
    String intentId = aboutAnIntent ? text(object, "id") : text(object, "payment_intent");
    String reservationId = null;
    Integer attempt = null;
    if (aboutAnIntent && object.has("metadata") && object.get("metadata").isJsonObject()) {
      JsonObject metadata = object.getAsJsonObject("metadata");
      reservationId = text(metadata, StripeGateway.META_RESERVATION);
      String a = text(metadata, StripeGateway.META_ATTEMPT);
      attempt = a == null ? null : Integer.valueOf(a);
    }
    Long created = event.getCreated();
    return new WebhookEvent(event.getId(), event.getType(),
        created == null ? null : Instant.ofEpochSecond(created), intentId, reservationId, attempt);
  }

  static String text(JsonObject o, String member) {
    JsonElement e = o.get(member);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }
}
