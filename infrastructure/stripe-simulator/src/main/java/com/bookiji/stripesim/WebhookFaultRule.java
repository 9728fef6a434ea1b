package com.bookiji.stripesim;

/**
 * A webhook fault rule, as posted to {@code POST /_sim/webhook-faults}. {@code eventType} is an exact
 * type, a prefix pattern such as {@code payment_intent.*}, or null for every event; scope fields work
 * as in {@link FaultRule} ({@code metadata*} match the event's {@code data.object.metadata}).
 */
public record WebhookFaultRule(
    String id,
    WebhookFaultKind kind,
    String eventType,
    Long delayMs,
    Integer remaining,
    Double probability,
    Long seed,
    String metadataKey,
    String metadataValue) {

  public static WebhookFaultRule of(WebhookFaultKind kind, String eventType) {
    return new WebhookFaultRule(null, kind, eventType, null, null, null, null, null, null);
  }

  public WebhookFaultRule withDelayMs(long delayMs) {
    return new WebhookFaultRule(id, kind, eventType, delayMs, remaining, probability, seed, metadataKey, metadataValue);
  }

  public WebhookFaultRule times(int times) {
    return new WebhookFaultRule(id, kind, eventType, delayMs, times, probability, seed, metadataKey, metadataValue);
  }

  public WebhookFaultRule withProbability(double probability, long seed) {
    return new WebhookFaultRule(id, kind, eventType, delayMs, remaining, probability, seed, metadataKey, metadataValue);
  }

  public WebhookFaultRule whenMetadata(String key, String value) {
    return new WebhookFaultRule(id, kind, eventType, delayMs, remaining, probability, seed, key, value);
  }
}
