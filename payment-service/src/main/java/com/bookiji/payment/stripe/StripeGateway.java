package com.bookiji.payment.stripe;

import com.bookiji.payment.application.DisputeSnapshot;
import com.bookiji.payment.application.PaymentProvider;
import com.bookiji.payment.application.ProviderResult;
import com.bookiji.payment.application.RefundSnapshot;
import com.bookiji.payment.application.StripeWebhookService;
import com.google.gson.JsonParser;
import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.persistence.StripeCallLog;
import com.bookiji.payment.persistence.StripeCallLog.StripeCall;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.DisputeListParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Stripe call goes through here: stripe-java with its own network retries switched off,
 * Resilience4j retrying transient failures (5xx, 429 after Retry-After, timeouts, resets,
 * idempotency-key conflicts) with exponential backoff and jitter and the SAME idempotency key, and
 * every try recorded for the audit trail and metrics.
 */
public class StripeGateway implements PaymentProvider {

  private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);
  static final String META_RESERVATION = "reservation_id";
  static final String META_ATTEMPT = "attempt";
  static final String META_REFUND_SEQUENCE = "refund_sequence";

  private final StripeClient stripe;
  private final StripeCallLog callLog;
  private final StripeMetrics metrics;
  private final Tracer tracer;
  private final Clock clock;
  private final Map<PaymentOperation, Retry> retries = new EnumMap<>(PaymentOperation.class);

  public StripeGateway(StripeProperties properties, StripeCallLog callLog, StripeMetrics metrics,
      Clock clock) {
    this(properties, callLog, metrics, Tracer.NOOP, clock);
  }

  /** Each HTTP try is a span (child of the consumer or webhook span that called Stripe). */
  public StripeGateway(StripeProperties properties, StripeCallLog callLog, StripeMetrics metrics,
      Tracer tracer, Clock clock) {
    StripeClient.StripeClientBuilder builder = StripeClient.builder()
        .setApiKey(properties.apiKey())
        .setMaxNetworkRetries(0) // Resilience4j owns retries, with our deterministic keys
        .setConnectTimeout((int) properties.connectTimeout().toMillis())
        .setReadTimeout((int) properties.readTimeout().toMillis())
        .setHttpClient(new RecordingHttpClient());
    if (properties.effectiveApiBase() != null) {
      builder.setApiBase(properties.effectiveApiBase());
    }
    this.stripe = builder.build();
    this.callLog = callLog;
    this.metrics = metrics;
    this.tracer = tracer;
    this.clock = clock;
    RetryConfig config = retryConfig(properties.retry());
    for (PaymentOperation op : PaymentOperation.values()) {
      Retry retry = Retry.of("stripe-" + op.tag(), config);
      retry.getEventPublisher().onRetry(e -> {
        metrics.retry(op.tag());
        log.info("stripe {} retry #{} in {} after {}", op.tag(), e.getNumberOfRetryAttempts(),
            e.getWaitInterval(), e.getLastThrowable().getMessage());
      });
      retries.put(op, retry);
    }
  }

  static RetryConfig retryConfig(StripeProperties.Retry policy) {
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
        policy.initialBackoff().toMillis(), policy.multiplier(), policy.jitter(),
        policy.maxBackoff().toMillis());
    IntervalBiFunction<Object> interval = (attempt, outcome) -> {
      long wait = backoff.apply(attempt);
      if (outcome.isLeft() && outcome.getLeft() instanceof TransientStripeFailure t
          && t.retryAfterMillis != null) {
        // Stripe told us when to come back: never earlier, but never absurdly late either.
        wait = Math.min(Math.max(wait, t.retryAfterMillis), policy.maxRetryAfter().toMillis());
      }
      return wait;
    };
    return RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .intervalBiFunction(interval)
        .retryOnException(e -> e instanceof TransientStripeFailure)
        .build();
  }

  public StripeClient client() {
    return stripe;
  }

  // ---- operations ------------------------------------------------------------------------------

  @Override
  public ProviderResult<IntentSnapshot> createAuthorization(String reservationId, int attempt,
      long amountMinor, String currency, String idempotencyKey) {
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(amountMinor)
        .setCurrency(currency)
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .addPaymentMethodType("card")
        .putMetadata(META_RESERVATION, reservationId)
        .putMetadata(META_ATTEMPT, Integer.toString(attempt))
        .setDescription("Bookiji reservation " + reservationId)
        .build();
    return call(PaymentOperation.AUTHORIZE, reservationId, idempotencyKey,
        () -> stripe.v1().paymentIntents().create(params, key(idempotencyKey)),
        PaymentIntent::getId, StripeGateway::snapshot);
  }

  @Override
  public ProviderResult<IntentSnapshot> capture(String reservationId, String paymentIntentId,
      long amountMinor, String idempotencyKey) {
    PaymentIntentCaptureParams params = PaymentIntentCaptureParams.builder()
        .setAmountToCapture(amountMinor).build();
    return call(PaymentOperation.CAPTURE, reservationId, idempotencyKey,
        () -> stripe.v1().paymentIntents().capture(paymentIntentId, params, key(idempotencyKey)),
        PaymentIntent::getId, StripeGateway::snapshot);
  }

  @Override
  public ProviderResult<IntentSnapshot> voidAuthorization(String reservationId, String paymentIntentId,
      String idempotencyKey) {
    PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
        .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build();
    return call(PaymentOperation.VOID, reservationId, idempotencyKey,
        () -> stripe.v1().paymentIntents().cancel(paymentIntentId, params, key(idempotencyKey)),
        PaymentIntent::getId, StripeGateway::snapshot);
  }

  @Override
  public ProviderResult<RefundSnapshot> refund(String reservationId, String paymentIntentId,
      long amountMinor, int sequence, String idempotencyKey) {
    RefundCreateParams params = RefundCreateParams.builder()
        .setPaymentIntent(paymentIntentId)
        .setAmount(amountMinor)
        .putMetadata(META_RESERVATION, reservationId)
        .putMetadata(META_REFUND_SEQUENCE, Integer.toString(sequence))
        .build();
    return call(PaymentOperation.REFUND, reservationId, idempotencyKey,
        () -> stripe.v1().refunds().create(params, key(idempotencyKey)),
        Refund::getId, r -> refundSnapshot(r, sequence));
  }

  @Override
  public ProviderResult<IntentSnapshot> retrieve(String reservationId, String paymentIntentId) {
    return call(PaymentOperation.RETRIEVE, reservationId, null,
        () -> stripe.v1().paymentIntents().retrieve(paymentIntentId),
        PaymentIntent::getId, StripeGateway::snapshot);
  }

  @Override
  public ProviderResult<Optional<IntentSnapshot>> findAuthorization(String reservationId,
      int attempt) {
    String query = "metadata['" + META_RESERVATION + "']:'" + reservationId + "' AND metadata['"
        + META_ATTEMPT + "']:'" + attempt + "'";
    ProviderResult<Optional<IntentSnapshot>> searched = call(PaymentOperation.SEARCH,
        reservationId, null,
        () -> stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
            .setQuery(query).setLimit(10L).build()).getData().stream()
            .filter(pi -> matches(pi, reservationId, attempt)).findFirst(),
        found -> found.map(PaymentIntent::getId).orElse(null),
        found -> found.map(StripeGateway::snapshot));
    if (!(searched instanceof ProviderResult.Refused<Optional<IntentSnapshot>>)) {
      return searched;
    }
    // A provider without the search API: page through the intents and filter on metadata.
    return call(PaymentOperation.SEARCH, reservationId, null, () -> {
      for (PaymentIntent pi : stripe.v1().paymentIntents()
          .list(PaymentIntentListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
        if (matches(pi, reservationId, attempt)) {
          return Optional.of(pi);
        }
      }
      return Optional.<PaymentIntent>empty();
    }, found -> found.map(PaymentIntent::getId).orElse(null),
        found -> found.map(StripeGateway::snapshot));
  }

  @Override
  public ProviderResult<Optional<RefundSnapshot>> findRefund(String reservationId,
      String paymentIntentId, int sequence) {
    return call(PaymentOperation.SEARCH, reservationId, null, () -> {
      for (Refund r : stripe.v1().refunds().list(RefundListParams.builder()
          .setPaymentIntent(paymentIntentId).setLimit(100L).build()).autoPagingIterable()) {
        if (r.getMetadata() != null
            && Integer.toString(sequence).equals(r.getMetadata().get(META_REFUND_SEQUENCE))) {
          return Optional.of(r);
        }
      }
      return Optional.<Refund>empty();
    }, found -> found.map(Refund::getId).orElse(null),
        found -> found.map(r -> refundSnapshot(r, sequence)));
  }

  @Override
  public ProviderResult<List<RefundSnapshot>> listRefunds(String reservationId,
      String paymentIntentId) {
    return call(PaymentOperation.SEARCH, reservationId, null, () -> {
      List<Refund> all = new ArrayList<>();
      stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId)
          .setLimit(100L).build()).autoPagingIterable().forEach(all::add);
      return all;
    }, all -> paymentIntentId, all -> all.stream().map(r -> refundSnapshot(r, sequenceOf(r)))
        .toList());
  }

  @Override
  public ProviderResult<List<DisputeSnapshot>> listDisputes(String reservationId,
      String paymentIntentId) {
    return call(PaymentOperation.SEARCH, reservationId, null, () -> {
      List<Dispute> all = new ArrayList<>();
      stripe.v1().disputes().list(DisputeListParams.builder().setPaymentIntent(paymentIntentId)
          .setLimit(100L).build()).autoPagingIterable().forEach(all::add);
      return all;
    }, all -> paymentIntentId, all -> all.stream().map(d -> new DisputeSnapshot(d.getId(),
        d.getCharge(), d.getAmount() == null ? 0 : d.getAmount(), d.getCurrency(), d.getStatus(),
        d.getReason())).toList());
  }

  @Override
  public ProviderResult<List<StripeWebhookService.WebhookEvent>> recentEvents(Instant since,
      List<String> types) {
    EventListParams params = EventListParams.builder().addAllType(types).setLimit(100L)
        .setCreated(EventListParams.Created.builder().setGte(since.getEpochSecond()).build())
        .build();
    return call(PaymentOperation.SEARCH, null, null, () -> {
      List<StripeWebhookService.WebhookEvent> all = new ArrayList<>();
      for (Event e : stripe.v1().events().list(params).autoPagingIterable()) {
        all.add(StripeEvents.reference(e,
            JsonParser.parseString(e.getDataObjectDeserializer().getRawJson()).getAsJsonObject()));
      }
      return all;
    }, all -> null, all -> all);
  }

  private static int sequenceOf(Refund r) {
    String sequence = r.getMetadata() == null ? null : r.getMetadata().get(META_REFUND_SEQUENCE);
    try {
      return sequence == null ? 0 : Integer.parseInt(sequence);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean matches(PaymentIntent pi, String reservationId, int attempt) {
    Map<String, String> m = pi.getMetadata();
    return m != null && reservationId.equals(m.get(META_RESERVATION))
        && Integer.toString(attempt).equals(m.getOrDefault(META_ATTEMPT, "1"));
  }

  /** One HTTP try: recorded for the audit trail and metrics, its status on the try's span. */
  private <S> S tryOnce(PaymentOperation op, String reservationId, String idempotencyKey,
      StripeCallable<S> request, Function<S, String> objectId, int tryNumber, Span span)
      throws TransientStripeFailure, PermanentStripeFailure {
    RecordingHttpClient.reset();
    long started = System.nanoTime();
    try {
      S result = request.call();
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      RecordingHttpClient.Exchange ex = RecordingHttpClient.last();
      String code = ex.status() == null ? "200" : ex.status().toString();
      metrics.call(op.tag(), code, latency);
      span.tag("http.response.status_code", code);
      audit(op, reservationId, idempotencyKey, tryNumber, ex.requestId(),
          objectId.apply(result), ex.status(), "OK", null, latency);
      return result;
    } catch (StripeException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      RecordingHttpClient.Exchange ex = RecordingHttpClient.last();
      String code = errorCode(e);
      metrics.call(op.tag(), code, latency);
      span.tag("http.response.status_code", code);
      metrics.error(op.tag(), code);
      boolean transientFailure = isTransient(e);
      audit(op, reservationId, idempotencyKey, tryNumber,
          e.getRequestId() != null ? e.getRequestId() : ex.requestId(), null,
          e.getStatusCode(), transientFailure ? "TRANSIENT" : "REFUSED",
          e.getCode() != null ? e.getCode() : code, latency);
      if (transientFailure) {
        throw new TransientStripeFailure(e, ex.retryAfterMillis());
      }
      throw new PermanentStripeFailure(e);
    }
  }

  // ---- the retry loop --------------------------------------------------------------------------

  @FunctionalInterface
  interface StripeCallable<T> {
    T call() throws StripeException;
  }

  private <S, T> ProviderResult<T> call(PaymentOperation op, String reservationId,
      String idempotencyKey, StripeCallable<S> request, Function<S, String> objectId,
      Function<S, T> convert) {
    AtomicInteger tries = new AtomicInteger();
    CheckedSupplier<S> oneTry = () -> {
      int tryNumber = tries.incrementAndGet();
      Span span = tracer.nextSpan().name("stripe " + op.tag())
          .tag("stripe.operation", op.tag()).tag("stripe.try", tryNumber)
          .tag("reservation.id", reservationId).start();
      try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
        return tryOnce(op, reservationId, idempotencyKey, request, objectId, tryNumber, span);
      } catch (Exception e) {
        span.error(e);
        throw e;
      } finally {
        span.end();
      }
    };
    try {
      S result = Retry.decorateCheckedSupplier(retries.get(op), oneTry).get();
      metrics.outcome(op.tag(), "succeeded");
      return new ProviderResult.Succeeded<>(convert.apply(result));
    } catch (TransientStripeFailure e) {
      metrics.outcome(op.tag(), "unknown");
      return new ProviderResult.Unknown<>(describe(e.getCause()) + " after " + tries.get()
          + " tries");
    } catch (PermanentStripeFailure e) {
      StripeException cause = e.cause();
      if (cause instanceof AuthenticationException || cause instanceof PermissionException) {
        // Our configuration is wrong, not the customer's card: park, do not fail the payment.
        metrics.outcome(op.tag(), "unknown");
        return new ProviderResult.Unknown<>(describe(cause));
      }
      metrics.outcome(op.tag(), "refused");
      FailureReason reason = cause instanceof CardException card
          ? FailureReason.fromProviderCode(card.getCode() == null ? "card_declined"
              : card.getCode())
          : FailureReason.INVALID_REQUEST;
      return new ProviderResult.Refused<>(reason, cause.getCode(), describe(cause));
    } catch (Throwable e) {
      metrics.outcome(op.tag(), "unknown");
      log.warn("stripe {} failed unexpectedly", op.tag(), e);
      return new ProviderResult.Unknown<>(e.toString());
    }
  }

  private void audit(PaymentOperation op, String reservationId, String key, int tryNumber,
      String requestId, String objectId, Integer status, String outcome, String errorCode,
      Duration latency) {
    StripeCall call = new StripeCall(reservationId, op.tag(), key, tryNumber, requestId, objectId,
        status, outcome, errorCode, latency.toMillis(), clock.instant());
    // A busy pool (no connection within Hikari's timeout) is worth a second try; a row that still
    // cannot be written is counted and logged with its content, never dropped silently.
    for (int attempt = 1; ; attempt++) {
      try {
        callLog.record(call);
        return;
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          metrics.auditLost(op.tag());
          log.error("stripe call NOT audited: {}", call, e);
          return;
        }
        log.warn("could not record stripe call {} {} (try {}); retrying", op.tag(), reservationId,
            attempt, e);
      }
    }
  }

  static boolean isTransient(StripeException e) {
    if (e instanceof ApiConnectionException || e instanceof RateLimitException) {
      return true; // timeout, reset, refused connection; or 429
    }
    Integer status = e.getStatusCode();
    if (e instanceof IdempotencyException) {
      return status != null && status == 409; // the same key is in flight elsewhere: wait
    }
    return status != null && (status >= 500 || status == 429 || status == 409);
  }

  private static String errorCode(StripeException e) {
    if (e instanceof ApiConnectionException) {
      return "io";
    }
    return e.getStatusCode() == null ? "unknown" : e.getStatusCode().toString();
  }

  private static String describe(Throwable e) {
    if (e instanceof StripeException se) {
      return se.getClass().getSimpleName() + "(" + (se.getStatusCode() == null ? "io"
          : se.getStatusCode()) + (se.getCode() == null ? "" : ", " + se.getCode()) + "): "
          + se.getMessage();
    }
    return String.valueOf(e);
  }

  private static RequestOptions key(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  static IntentSnapshot snapshot(PaymentIntent pi) {
    StripeError error = pi.getLastPaymentError();
    return new IntentSnapshot(pi.getId(), IntentStatus.fromStripe(pi.getStatus()),
        pi.getAmount() == null ? 0 : pi.getAmount(),
        pi.getAmountReceived() == null ? 0 : pi.getAmountReceived(), pi.getCurrency(),
        pi.getClientSecret(), pi.getCancellationReason(),
        error == null ? null : error.getCode(), error == null ? null : error.getDeclineCode(),
        error == null ? null : error.getMessage(), pi.getLatestCharge());
  }

  private static RefundSnapshot refundSnapshot(Refund r, int sequence) {
    return new RefundSnapshot(r.getId(), r.getPaymentIntent(),
        r.getAmount() == null ? 0 : r.getAmount(), r.getStatus(), sequence);
  }

  static final class TransientStripeFailure extends Exception {
    final Long retryAfterMillis;

    TransientStripeFailure(StripeException cause, Long retryAfterMillis) {
      super(cause.getMessage(), cause);
      this.retryAfterMillis = retryAfterMillis;
    }
  }

  static final class PermanentStripeFailure extends Exception {
    PermanentStripeFailure(StripeException cause) {
      super(cause.getMessage(), cause);
    }

    StripeException cause() {
      return (StripeException) getCause();
    }
  }
}
