package com.bookiji.stripesim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stripe's list and search pagination, shared by every list endpoint")
class ListingTest {

  /** Refunds re_1 … re_25, created in that order (seq 1 … 25), stored shuffled: order comes from seq alone. */
  private static List<Records.Refund> refunds(int count) {
    List<Records.Refund> all = new ArrayList<>();
    IntStream.rangeClosed(1, count).forEach(i -> {
      Records.Refund re = new Records.Refund();
      re.id = "re_" + i;
      re.seq = i;
      re.created = 1_700_000_000L + i;
      all.add(re);
    });
    Collections.shuffle(all, new java.util.Random(7));
    return all;
  }

  private static JsonObject list(List<Records.Refund> all, Predicate<Records.Refund> filter, String query) {
    return Listing.list(all, filter, ListingTest::json, FormParams.parse(query), "/v1/refunds", "refund");
  }

  private static JsonObject json(Records.Refund re) {
    JsonObject o = new JsonObject();
    o.addProperty("id", re.id);
    return o;
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getAsJsonArray("data").forEach(e -> ids.add(e.getAsJsonObject().get("id").getAsString()));
    return ids;
  }

  @Test
  @DisplayName("the first page is the newest ten, with has_more, the url and object list")
  void firstPage() {
    JsonObject page = list(refunds(25), re -> true, "");

    assertThat(page.get("object").getAsString()).isEqualTo("list");
    assertThat(page.get("url").getAsString()).isEqualTo("/v1/refunds");
    assertThat(page.get("has_more").getAsBoolean()).isTrue();
    assertThat(ids(page)).containsExactly("re_25", "re_24", "re_23", "re_22", "re_21", "re_20", "re_19", "re_18",
        "re_17", "re_16");
  }

  @Test
  @DisplayName("starting_after walks to older objects until has_more is false")
  void startingAfterWalksOlder() {
    List<Records.Refund> all = refunds(25);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    boolean hasMore = true;
    int pages = 0;
    while (hasMore) {
      JsonObject page = list(all, re -> true, "limit=7" + (cursor == null ? "" : "&starting_after=" + cursor));
      List<String> ids = ids(page);
      seen.addAll(ids);
      cursor = ids.get(ids.size() - 1);
      hasMore = page.get("has_more").getAsBoolean();
      pages++;
    }

    assertThat(pages).isEqualTo(4);
    assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("re_25").endsWith("re_1");
  }

  @Test
  @DisplayName("ending_before walks to newer objects: the page just before the cursor, still newest first")
  void endingBeforeWalksNewer() {
    List<Records.Refund> all = refunds(25);

    JsonObject page = list(all, re -> true, "limit=3&ending_before=re_10");
    assertThat(ids(page)).containsExactly("re_13", "re_12", "re_11");
    assertThat(page.get("has_more").getAsBoolean()).isTrue();

    JsonObject newest = list(all, re -> true, "limit=3&ending_before=re_22");
    assertThat(ids(newest)).containsExactly("re_25", "re_24", "re_23");
    assertThat(newest.get("has_more").getAsBoolean()).isFalse();
  }

  @Test
  @DisplayName("filters apply before the limit, and a cursor may name an object the filter leaves out")
  void filterThenLimit() {
    List<Records.Refund> all = refunds(25);
    Predicate<Records.Refund> even = re -> re.seq % 2 == 0;

    JsonObject page = list(all, even, "limit=3&starting_after=re_21");

    assertThat(ids(page)).containsExactly("re_20", "re_18", "re_16");
    assertThat(page.get("has_more").getAsBoolean()).isTrue();
    assertThat(ids(list(all, even, "limit=100"))).hasSize(12);
    assertThat(list(all, even, "limit=12").get("has_more").getAsBoolean()).isFalse();
  }

  @Test
  @DisplayName("created filters by exact second or by gt/gte/lt/lte bounds")
  void createdFilter() {
    List<Records.Refund> all = refunds(25);

    assertThat(ids(list(all, re -> Listing.created(FormParams.parse("created=1700000005")).test(re.created), "")))
        .containsExactly("re_5");
    Predicate<Long> range = Listing.created(FormParams.parse("created[gt]=1700000003&created[lte]=1700000006"));
    assertThat(ids(list(all, re -> range.test(re.created), ""))).containsExactly("re_6", "re_5", "re_4");
    assertThatThrownBy(() -> Listing.created(FormParams.parse("created[between]=1")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.toJson().toString()).contains("parameter_unknown"));
    assertThatThrownBy(() -> Listing.created(FormParams.parse("created[gt]=soon")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.toJson().toString()).contains("created[gt]"));
  }

  @Test
  @DisplayName("a bad limit, both cursors at once, or an unknown cursor is a 400 naming the parameter")
  void badParameters() {
    List<Records.Refund> all = refunds(3);

    assertThatThrownBy(() -> list(all, re -> true, "limit=0"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertBadRequest(e, "limit", "parameter_invalid_integer"));
    assertThatThrownBy(() -> list(all, re -> true, "limit=101"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertBadRequest(e, "limit", "parameter_invalid_integer"));
    assertThatThrownBy(() -> list(all, re -> true, "starting_after=re_1&ending_before=re_2"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertBadRequest(e, "ending_before", "parameter_invalid_string"));
    assertThatThrownBy(() -> list(all, re -> true, "starting_after=re_404"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertBadRequest(e, "starting_after", "resource_missing");
          assertThat(e.toJson().toString()).contains("No such refund: 're_404'");
        });
    assertThat(Listing.limit(FormParams.parse(""))).isEqualTo(10);
    assertThat(Listing.limit(FormParams.parse("limit=100"))).isEqualTo(100);
  }

  @Test
  @DisplayName("search pages with next_page tokens over the same walk, and null next_page on the last page")
  void searchPages() {
    List<Records.Refund> all = refunds(25);
    Predicate<Records.Refund> multipleOfThree = re -> re.seq % 3 == 0;

    JsonObject first = Listing.search(all, multipleOfThree, ListingTest::json, 5, Listing.Cursor.NEWEST, "/v1/x/search");
    assertThat(first.get("object").getAsString()).isEqualTo("search_result");
    assertThat(ids(first)).containsExactly("re_24", "re_21", "re_18", "re_15", "re_12");
    assertThat(first.get("next_page").getAsString()).isEqualTo("page_12");

    Listing.Cursor next = Listing.pageToken(FormParams.parse("page=" + first.get("next_page").getAsString()));
    JsonObject last = Listing.search(all, multipleOfThree, ListingTest::json, 5, next, "/v1/x/search");
    assertThat(ids(last)).containsExactly("re_9", "re_6", "re_3");
    assertThat(last.get("has_more").getAsBoolean()).isFalse();
    assertThat(last.get("next_page").isJsonNull()).isTrue();
    assertThat(last.get("url").getAsString()).isEqualTo("/v1/x/search");

    assertThatThrownBy(() -> Listing.pageToken(FormParams.parse("page=tomorrow")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertBadRequest(e, "page", "parameter_invalid_string"));
  }

  private static void assertBadRequest(ApiError e, String param, String code) {
    assertThat(e.status).isEqualTo(400);
    JsonObject error = e.toJson().getAsJsonObject("error");
    assertThat(error.get("param").getAsString()).isEqualTo(param);
    assertThat(error.get("code").getAsString()).isEqualTo(code);
  }
}
