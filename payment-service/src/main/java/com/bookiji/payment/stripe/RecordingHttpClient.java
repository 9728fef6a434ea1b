package com.bookiji.payment.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

/**
 * stripe-java's own HTTP client, plus a note of the last exchange on this thread: stripe-java turns
 * error responses into exceptions that do not expose headers, but we need {@code Retry-After} and
 * {@code Request-Id} for the retry policy and the audit trail.
 */
final class RecordingHttpClient extends HttpURLConnectionClient {

  /** What the last HTTP exchange on this thread looked like. */
  record Exchange(Integer status, String requestId, Long retryAfterMillis) {
    static final Exchange NONE = new Exchange(null, null, null);
  }

  private static final ThreadLocal<Exchange> LAST = ThreadLocal.withInitial(() -> Exchange.NONE);

  static void reset() {
    LAST.set(Exchange.NONE);
  }

  static Exchange last() {
    return LAST.get();
  }

  @Override
  public StripeResponse request(StripeRequest request) throws ApiConnectionException {
    reset();
    StripeResponse response = super.request(request);
    LAST.set(new Exchange(response.code(), response.requestId(),
        retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null))));
    return response;
  }

  static Long retryAfterMillis(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Math.round(Double.parseDouble(header.trim()) * 1000);
    } catch (NumberFormatException e) {
      return null; // HTTP-date form: fall back to our own backoff
    }
  }
}
