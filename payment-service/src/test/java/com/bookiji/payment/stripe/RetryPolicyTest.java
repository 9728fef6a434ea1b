package com.bookiji.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final StripeProperties.Retry policy =
      new StripeProperties.Retry(6, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(10));

  @Test
  @DisplayName("server errors, 429, timeouts, resets and key conflicts are retried; declines and bad requests are not")
  void classification() {
    assertThat(StripeGateway.isTransient(new ApiConnectionException("reset"))).isTrue();
    assertThat(StripeGateway.isTransient(new ApiException("boom", "req", null, 500, null)))
        .isTrue();
    assertThat(StripeGateway.isTransient(new ApiException("boom", "req", null, 503, null)))
        .isTrue();
    assertThat(StripeGateway.isTransient(
        new RateLimitException("slow down", null, "req", "rate_limit", 429, null))).isTrue();
    assertThat(StripeGateway.isTransient(
        new IdempotencyException("in use", "req", "idempotency_key_in_use", 409))).isTrue();
    assertThat(StripeGateway.isTransient(
        new IdempotencyException("other params", "req", "idempotency_error", 400))).isFalse();
    assertThat(StripeGateway.isTransient(new CardException("declined", "req", "card_declined",
        null, "generic_decline", null, 402, null))).isFalse();
    assertThat(StripeGateway.isTransient(new InvalidRequestException("unexpected state", null,
        "req", "payment_intent_unexpected_state", 400, null))).isFalse();
  }

  @Test
  @DisplayName("backoff grows exponentially with jitter and stays under its cap")
  @SuppressWarnings("unchecked")
  void exponentialBackoffWithJitter() {
    RetryConfig config = StripeGateway.retryConfig(policy);
    IntervalBiFunction<Object> interval = config.getIntervalBiFunction();
    Either<Throwable, Object> failure = Either.left(new RuntimeException("x"));
    for (int i = 0; i < 50; i++) {
      assertThat(interval.apply(1, failure)).isBetween(100L, 300L);
      assertThat(interval.apply(2, failure)).isBetween(200L, 600L);
      assertThat(interval.apply(10, failure)).isLessThanOrEqualTo(5000L);
    }
    assertThat(config.getMaxAttempts()).isEqualTo(6);
  }

  @Test
  @DisplayName("a Retry-After header is honoured (never retried earlier), within a ceiling")
  @SuppressWarnings("unchecked")
  void retryAfterIsHonoured() {
    IntervalBiFunction<Object> interval = StripeGateway.retryConfig(policy)
        .getIntervalBiFunction();
    var rateLimited = new StripeGateway.TransientStripeFailure(
        new RateLimitException("slow", null, "req", "rate_limit", 429, null), 3000L);
    assertThat(interval.apply(1, Either.left(rateLimited))).isEqualTo(3000L);
    var absurd = new StripeGateway.TransientStripeFailure(
        new RateLimitException("slow", null, "req", "rate_limit", 429, null), 3_600_000L);
    assertThat(interval.apply(1, Either.left(absurd))).isEqualTo(10000L);
    assertThat(RecordingHttpClient.retryAfterMillis("2")).isEqualTo(2000L);
    assertThat(RecordingHttpClient.retryAfterMillis("0.5")).isEqualTo(500L);
    assertThat(RecordingHttpClient.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
  }
}
