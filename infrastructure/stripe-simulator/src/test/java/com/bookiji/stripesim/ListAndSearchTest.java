package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Listing and searching PaymentIntents")
class ListAndSearchTest extends SimulatorTestSupport {

  private static final int COUNT = 260;
  private final List<String> createdIds = new ArrayList<>();

  @BeforeAll
  void createMany() throws Exception {
    control.reset();
    for (int i = 0; i < COUNT; i++) {
      PaymentIntent pi = stripe.v1().paymentIntents().create(
          PaymentIntentCreateParams.builder()
              .setAmount(1000L + i)
              .setCurrency("eur")
              .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
              .putMetadata("reservation_id", "res-" + i)
              .putMetadata("batch", i % 2 == 0 ? "even" : "odd")
              .build());
      createdIds.add(pi.getId());
    }
  }

  @BeforeEach
  @Override
  void resetSimulator() {
    // Keep the intents created once for the class.
  }

  @Test
  @DisplayName("auto-paging over 260 intents returns each exactly once, newest first")
  void autoPaging() throws Exception {
    StripeCollection<PaymentIntent> first =
        stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build());
    assertThat(first.getData()).hasSize(100);
    assertThat(first.getHasMore()).isTrue();
    assertThat(first.getUrl()).isEqualTo("/v1/payment_intents");
    List<String> seen = new ArrayList<>();
    for (PaymentIntent pi : first.autoPagingIterable()) {
      seen.add(pi.getId());
    }
    assertThat(seen).hasSize(COUNT).doesNotHaveDuplicates();
    List<String> newestFirst = new ArrayList<>(createdIds);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }

  @Test
  @DisplayName("starting_after and ending_before walk pages both ways and has_more says when to stop")
  void cursors() throws Exception {
    StripeCollection<PaymentIntent> page1 =
        stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(10L).build());
    String last = page1.getData().get(9).getId();
    StripeCollection<PaymentIntent> page2 = stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().setLimit(10L).setStartingAfter(last).build());
    assertThat(page2.getData().get(0).getId()).isEqualTo(createdIds.get(COUNT - 11));
    StripeCollection<PaymentIntent> back = stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().setLimit(10L).setEndingBefore(page2.getData().get(0).getId()).build());
    assertThat(back.getData()).extracting(PaymentIntent::getId)
        .containsExactlyElementsOf(page1.getData().stream().map(PaymentIntent::getId).toList());
    assertThat(back.getHasMore()).isFalse();

    StripeCollection<PaymentIntent> tail = stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().setLimit(10L).setStartingAfter(createdIds.get(5)).build());
    assertThat(tail.getData()).hasSize(5);
    assertThat(tail.getHasMore()).isFalse();
  }

  @Test
  @DisplayName("the created filter bounds the list")
  void createdFilter() throws Exception {
    PaymentIntent any = stripe.v1().paymentIntents().retrieve(createdIds.get(0));
    long created = any.getCreated();
    StripeCollection<PaymentIntent> none = stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().setCreated(PaymentIntentListParams.Created.builder().setGt(created + 3600).build()).build());
    assertThat(none.getData()).isEmpty();
    StripeCollection<PaymentIntent> all = stripe.v1().paymentIntents().list(
        PaymentIntentListParams.builder().setLimit(100L)
            .setCreated(PaymentIntentListParams.Created.builder().setGte(created - 3600).build()).build());
    assertThat(all.getData()).hasSize(100);
  }

  @Test
  @DisplayName("an unknown cursor or a limit outside 1..100 is a 400")
  void badListParameters() {
    assertThatThrownBy(() -> stripe.v1().paymentIntents().list(
            PaymentIntentListParams.builder().setStartingAfter("pi_nope").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("starting_after"));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(101L).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("limit"));
  }

  @Test
  @DisplayName("search by metadata finds the one intent of a reservation")
  void searchByMetadata() throws Exception {
    StripeSearchResult<PaymentIntent> result = stripe.v1().paymentIntents().search(
        PaymentIntentSearchParams.builder().setQuery("metadata['reservation_id']:'res-17'").build());
    assertThat(result.getData()).extracting(PaymentIntent::getId).containsExactly(createdIds.get(17));
    assertThat(result.getObject()).isEqualTo("search_result");
    assertThat(result.getHasMore()).isFalse();

    StripeSearchResult<PaymentIntent> both = stripe.v1().paymentIntents().search(
        PaymentIntentSearchParams.builder()
            .setQuery("metadata['reservation_id']:'res-17' AND metadata['batch']:'odd'").build());
    assertThat(both.getData()).hasSize(1);
    StripeSearchResult<PaymentIntent> contradiction = stripe.v1().paymentIntents().search(
        PaymentIntentSearchParams.builder()
            .setQuery("metadata['reservation_id']:'res-17' AND metadata['batch']:'even'").build());
    assertThat(contradiction.getData()).isEmpty();
  }

  @Test
  @DisplayName("search pages with next_page until has_more is false")
  void searchPaging() throws Exception {
    StripeSearchResult<PaymentIntent> first = stripe.v1().paymentIntents().search(
        PaymentIntentSearchParams.builder().setQuery("metadata['batch']:'even' AND status:'requires_payment_method'")
            .setLimit(50L).build());
    assertThat(first.getHasMore()).isTrue();
    assertThat(first.getNextPage()).isNotNull();
    Set<String> ids = new HashSet<>();
    for (PaymentIntent pi : first.autoPagingIterable()) {
      ids.add(pi.getId());
    }
    assertThat(ids).hasSize(COUNT / 2);
  }

  @Test
  @DisplayName("a malformed search query is a 400 on param query")
  void badQuery() {
    assertThatThrownBy(() -> stripe.v1().paymentIntents().search(
            PaymentIntentSearchParams.builder().setQuery("metadata[reservation_id]=res-1").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("query"));
  }
}
