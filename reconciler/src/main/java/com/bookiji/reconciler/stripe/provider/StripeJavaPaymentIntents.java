package com.bookiji.reconciler.stripe.provider;

import com.bookiji.reconciler.stripe.application.StripePaymentIntents;
import com.bookiji.reconciler.stripe.application.StripeProperties;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.DisputeListParams;
import com.stripe.param.ChargeListParams;
import com.bookiji.reconciler.stripe.domain.StripeCharge;
import com.bookiji.reconciler.stripe.domain.StripeDispute;
import com.stripe.param.RefundListParams;
import com.bookiji.reconciler.stripe.domain.StripeRefund;
import com.stripe.model.StripeCollection;
import com.stripe.model.HasId;
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
    int[] pages = {0};
    try {
      List<StripeIntent> intents = everyPage(pages, cursor -> {
        PaymentIntentListParams.Builder params = PaymentIntentListParams.builder().setLimit(pageSize)
            .setCreated(PaymentIntentListParams.Created.builder().setGte(from.getEpochSecond()).build());
        return stripe.v1().paymentIntents().list((cursor == null ? params : params.setStartingAfter(cursor)).build());
      }).stream().map(StripeJavaPaymentIntents::intent).toList();
      List<StripeRefund> refunds = everyPage(pages, cursor -> {
        RefundListParams.Builder params = RefundListParams.builder().setLimit(pageSize)
            .setCreated(RefundListParams.Created.builder().setGte(from.getEpochSecond()).build());
        return stripe.v1().refunds().list((cursor == null ? params : params.setStartingAfter(cursor)).build());
      }).stream().map(re -> new StripeRefund(re.getId(), re.getPaymentIntent(),
          re.getAmount() == null ? 0 : re.getAmount(), re.getCurrency() == null ? "" : re.getCurrency(),
          re.getStatus(), re.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(re.getCreated()))).toList();
      List<StripeDispute> disputes = everyPage(pages, cursor -> {
        DisputeListParams.Builder params = DisputeListParams.builder().setLimit(pageSize)
            .setCreated(DisputeListParams.Created.builder().setGte(from.getEpochSecond()).build());
        return stripe.v1().disputes().list((cursor == null ? params : params.setStartingAfter(cursor)).build());
      }).stream().map(dp -> new StripeDispute(dp.getId(), dp.getPaymentIntent(),
          dp.getAmount() == null ? 0 : dp.getAmount(), dp.getCurrency() == null ? "" : dp.getCurrency(),
          dp.getStatus(), dp.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(dp.getCreated()))).toList();
      List<StripeCharge> charges = everyPage(pages, cursor -> {
        ChargeListParams.Builder params = ChargeListParams.builder().setLimit(pageSize)
            .setCreated(ChargeListParams.Created.builder().setGte(from.getEpochSecond()).build());
        return stripe.v1().charges().list((cursor == null ? params : params.setStartingAfter(cursor)).build());
      }).stream().map(ch -> new StripeCharge(ch.getId(), ch.getPaymentIntent(),
          ch.getAmountCaptured() == null ? 0 : ch.getAmountCaptured(),
          ch.getAmountRefunded() == null ? 0 : ch.getAmountRefunded(), Boolean.TRUE.equals(ch.getCaptured()),
          ch.getCurrency() == null ? "" : ch.getCurrency(),
          ch.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(ch.getCreated()))).toList();
      return new StripeListing(from, now, pages[0], intents, refunds, disputes, charges);
    } catch (StripeException e) {
      throw new IllegalStateException("listing Stripe objects failed after " + pages[0] + " pages: " + e.getMessage(), e);
    }
  }

  /** A page of a Stripe list, asked for with the cursor ({@code starting_after}; null for the first page). */
  private interface PageRequest<T extends HasId> {
    StripeCollection<T> page(String cursor) throws StripeException;
  }

  /** Follows Stripe's cursor until {@code has_more} is false, so any number of objects is read. */
  private static <T extends HasId> List<T> everyPage(int[] pages, PageRequest<T> request) throws StripeException {
    List<T> all = new ArrayList<>();
    String cursor = null;
    while (true) {
      StripeCollection<T> page = request.page(cursor);
      pages[0]++;
      all.addAll(page.getData());
      if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
        return all;
      }
      cursor = page.getData().get(page.getData().size() - 1).getId();
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
  public StripeIntent voidIntent(String paymentIntentId, String idempotencyKey) {
    try {
      PaymentIntent voided = stripe.v1().paymentIntents().cancel(paymentIntentId,
          PaymentIntentCancelParams.builder().setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED)
              .build(),
          RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
      return intent(voided);
    } catch (StripeException e) {
      throw failed("voiding (cancelling at Stripe) " + paymentIntentId, e);
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
