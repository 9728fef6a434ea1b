package com.bookiji.stripesim;

/**
 * An API fault rule, as posted to {@code POST /_sim/faults}. {@code endpoint} is
 * {@code "<METHOD> <path pattern>"}: method or {@code *}, path segments {@code *} match one segment,
 * a trailing {@code **} matches the rest (e.g. {@code POST /v1/payment_intents/*}{@code /capture}).
 * Scope: {@code remaining} (null = unlimited) fires that many times; {@code probability} (0..1,
 * null = always) draws from a {@code java.util.Random} seeded with {@code seed} when given;
 * {@code metadataKey}/{@code metadataValue} fire only for requests whose {@code metadata[...]}
 * parameter or whose target PaymentIntent (path id, or a refund's {@code payment_intent}/{@code charge})
 * carries that metadata.
 */
public record FaultRule(
    String id,
    String endpoint,
    FaultKind kind,
    Long latencyMs,
    Integer status,
    Integer retryAfterSeconds,
    Integer remaining,
    Double probability,
    Long seed,
    String metadataKey,
    String metadataValue) {

  public static FaultRule of(FaultKind kind, String endpoint) {
    return new FaultRule(null, endpoint, kind, null, null, null, null, null, null, null, null);
  }

  public static FaultRule latency(String endpoint, long latencyMs) {
    return of(FaultKind.LATENCY, endpoint).withLatencyMs(latencyMs);
  }

  public static FaultRule http5xx(String endpoint, int status) {
    return new FaultRule(null, endpoint, FaultKind.HTTP_5XX, null, status, null, null, null, null, null, null);
  }

  public static FaultRule rateLimit(String endpoint, int retryAfterSeconds) {
    return new FaultRule(null, endpoint, FaultKind.RATE_LIMIT, null, null, retryAfterSeconds, null, null, null, null, null);
  }

  public static FaultRule connectionReset(String endpoint) {
    return of(FaultKind.CONNECTION_RESET, endpoint);
  }

  public static FaultRule appliedResponseLost(String endpoint) {
    return of(FaultKind.APPLIED_RESPONSE_LOST, endpoint);
  }

  public FaultRule withLatencyMs(long latencyMs) {
    return new FaultRule(id, endpoint, kind, latencyMs, status, retryAfterSeconds, remaining, probability, seed, metadataKey, metadataValue);
  }

  /** Fires only the first {@code times} matching requests. */
  public FaultRule times(int times) {
    return new FaultRule(id, endpoint, kind, latencyMs, status, retryAfterSeconds, times, probability, seed, metadataKey, metadataValue);
  }

  public FaultRule withProbability(double probability, long seed) {
    return new FaultRule(id, endpoint, kind, latencyMs, status, retryAfterSeconds, remaining, probability, seed, metadataKey, metadataValue);
  }

  public FaultRule whenMetadata(String key, String value) {
    return new FaultRule(id, endpoint, kind, latencyMs, status, retryAfterSeconds, remaining, probability, seed, key, value);
  }
}
