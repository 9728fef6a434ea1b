package com.bookiji.reconciler.stripe.provider;

import com.bookiji.reconciler.stripe.application.StripePaymentIntents;
import com.bookiji.reconciler.stripe.application.StripeProperties;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.RefundListParams;
import com.bookiji.reconciler.stripe.domain.StripeRefund;
import com.stripe.model.StripeCollection;
import com.stripe.param.PaymentIntentListParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import com.bookiji.reconciler.stripe.application.StripeCallFailed;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * stripe-java against Stripe (or the simulator, by api-base): pages by the {@code starting_after}
 * cursor until {@code has_more} is false, so any number of objects is read.
 */
@Component
@ConditionalOnProperty(name = "bookiji.reconciler.stripe.enabled", havingValue = "true")
public class StripeJavaPaymentIntents implements StripePaymentIntents {

  /** Matches payment-service's metadata key. */
  static final String META_RESERVATION = "reservation_id";

  private final StripeClient stripe;
  private final long pageSize;

  public StripeJavaPaymentIntents(StripeProperties properties) {
    StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(properties.getApiKey());
    if (properties.getApiBase() != null && !properties.getApiBase().isBlank()) {
      builder.setApiBase(properties.getApiBase());
    }
    this.stripe = builder.build();
    this.pageSize = properties.getPageSize();
  }

  @Override
  public StripeListing listCreatedSince(Instant from, Instant now) {
    List<StripeIntent> intents = new ArrayList<>();
    List<StripeRefund> refunds = new ArrayList<>();
    int[] pages = {0};
    try {
      String cursor = null;
      while (true) {
        PaymentIntentListParams.Builder params = PaymentIntentListParams.builder().setLimit(pageSize)
            .setCreated(PaymentIntentListParams.Created.builder().setGte(from.getEpochSecond()).build());
        if (cursor != null) {
          params.setStartingAfter(cursor);
        }
        StripeCollection<PaymentIntent> page = stripe.v1().paymentIntents().list(params.build());
        pages[0]++;
        page.getData().forEach(pi -> intents.add(intent(pi)));
        if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
          break;
        }
        cursor = page.getData().get(page.getData().size() - 1).getId();
      }
      cursor = null;
      while (true) {
        RefundListParams.Builder params = RefundListParams.builder().setLimit(pageSize)
            .setCreated(RefundListParams.Created.builder().setGte(from.getEpochSecond()).build());
        if (cursor != null) {
          params.setStartingAfter(cursor);
        }
        StripeCollection<Refund> page = stripe.v1().refunds().list(params.build());
        pages[0]++;
        page.getData().forEach(re -> refunds.add(new StripeRefund(re.getId(), re.getPaymentIntent(),
            re.getAmount() == null ? 0 : re.getAmount(), re.getCurrency() == null ? "" : re.getCurrency(),
            re.getStatus(), re.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(re.getCreated()))));
        if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
          break;
        }
        cursor = page.getData().get(page.getData().size() - 1).getId();
      }
      return new StripeListing(from, now, pages[0], intents, refunds);
    } catch (StripeException e) {
      throw new IllegalStateException("listing Stripe objects failed after " + pages[0] + " pages: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StripeIntent> retrieve(String paymentIntentId) {
    try {
      return Optional.of(intent(stripe.v1().paymentIntents().retrieve(paymentIntentId)));
    } catch (InvalidRequestException e) {
      if (e.getStatusCode() != null && e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw failed("retrieving " + paymentIntentId, e);
    } catch (StripeException e) {
      throw failed("retrieving " + paymentIntentId, e);
    }
  }

  @Override
  public StripeIntent cancel(String paymentIntentId, String idempotencyKey) {
    try {
      PaymentIntent canceled = stripe.v1().paymentIntents().cancel(paymentIntentId,
          PaymentIntentCancelParams.builder().setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED)
              .build(),
          RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
      return intent(canceled);
    } catch (StripeException e) {
      throw failed("cancelling " + paymentIntentId, e);
    }
  }

  /** Connection failures, rate limits and 5xx may succeed when tried again with the same key. */
  private static StripeCallFailed failed(String what, StripeException e) {
    Integer status = e.getStatusCode();
    boolean transientFailure = e instanceof ApiConnectionException || e instanceof RateLimitException
        || status == null || status >= 500 || status == 409;
    return new StripeCallFailed(what + " failed: " + e.getMessage(), transientFailure, e);
  }

  private static StripeIntent intent(PaymentIntent pi) {
    String reservationId = pi.getMetadata() == null ? null : pi.getMetadata().get(META_RESERVATION);
    return new StripeIntent(pi.getId(), pi.getStatus(), pi.getAmount() == null ? 0 : pi.getAmount(),
        pi.getCurrency() == null ? "" : pi.getCurrency(), reservationId,
        pi.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(pi.getCreated()),
        pi.getAmountReceived() == null ? 0 : pi.getAmountReceived());
  }
}
