package com.bookiji.stripesim.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Stripe's pagination, once for every list and search endpoint: newest first, {@code limit} (1–100,
 * default 10), {@code starting_after} walks older, {@code ending_before} walks newer, {@code has_more}
 * says whether the walk can go on. Search pages the same way with an opaque {@code page} token.
 */
final class Listing {

  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;

  private Listing() {}

  /** Where a page starts: the newest objects, those older than a cursor, or those newer than one. */
  sealed interface Cursor {
    Cursor NEWEST = new OlderThan(Long.MAX_VALUE);
  }

  record OlderThan(long seq) implements Cursor {}

  record NewerThan(long seq) implements Cursor {}

  record Page<T>(List<T> items, boolean hasMore) {}

  /** The page of {@code all} (any order) that passes {@code filter}, newest first. */
  static <T extends Records.Listed> Page<T> page(Collection<T> all, Predicate<? super T> filter, Cursor cursor, int limit) {
    List<T> newestFirst = new ArrayList<>(all);
    newestFirst.sort(Comparator.comparingLong((Records.Listed t) -> t.seq).reversed());
    if (cursor instanceof NewerThan newer) {
      List<T> matching = newestFirst.stream().filter(t -> t.seq > newer.seq()).filter(filter).toList();
      int from = Math.max(0, matching.size() - limit);
      return new Page<>(matching.subList(from, matching.size()), from > 0);
    }
    long before = ((OlderThan) cursor).seq();
    List<T> matching = newestFirst.stream().filter(t -> t.seq < before).filter(filter).toList();
    return new Page<>(matching.subList(0, Math.min(limit, matching.size())), matching.size() > limit);
  }

  /** A {@code list} object: {@code limit}, {@code starting_after} and {@code ending_before} read from {@code p}. */
  static <T extends Records.Listed> JsonObject list(
      Collection<T> all,
      Predicate<? super T> filter,
      Function<? super T, JsonObject> render,
      FormParams p,
      String url,
      String objectName) {
    int limit = limit(p);
    Page<T> page = page(all, filter, cursor(all, p, objectName), limit);
    JsonObject out = new JsonObject();
    out.addProperty("object", "list");
    out.add("data", render(page, render));
    out.addProperty("has_more", page.hasMore());
    out.addProperty("url", url);
    return out;
  }

  /** A {@code search_result} object; {@code from} comes from {@link #pageToken}, the previous result's {@code next_page}. */
  static <T extends Records.Listed> JsonObject search(
      Collection<T> all, Predicate<? super T> filter, Function<? super T, JsonObject> render, int limit, Cursor from,
      String url) {
    Page<T> page = page(all, filter, from, limit);
    JsonObject out = new JsonObject();
    out.addProperty("object", "search_result");
    out.add("data", render(page, render));
    out.addProperty("has_more", page.hasMore());
    if (page.hasMore()) {
      out.addProperty("next_page", "page_" + page.items().get(page.items().size() - 1).seq);
    } else {
      out.add("next_page", JsonNull.INSTANCE);
    }
    out.addProperty("url", url);
    return out;
  }

  static int limit(FormParams p) {
    Long limit = p.integer("limit");
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiError.invalid("Invalid limit: must be between 1 and 100", "limit", "parameter_invalid_integer");
    }
    return limit.intValue();
  }

  /** The {@code created} filter: an exact second or any of {@code [gt]}, {@code [gte]}, {@code [lt]}, {@code [lte]}. */
  static Predicate<Long> created(FormParams p) {
    Object raw = p.raw("created");
    if (raw == null) {
      return c -> true;
    }
    if (raw instanceof String) {
      long exact = p.integer("created");
      return c -> c == exact;
    }
    Map<String, Object> ops = p.map("created");
    if (ops == null) {
      throw ApiError.invalid("Invalid created", "created", "parameter_invalid_object");
    }
    Predicate<Long> result = c -> true;
    for (Map.Entry<String, Object> e : ops.entrySet()) {
      long bound;
      try {
        bound = Long.parseLong(String.valueOf(e.getValue()));
      } catch (NumberFormatException ex) {
        throw ApiError.invalid("Invalid integer: " + e.getValue(), "created[" + e.getKey() + "]", "parameter_invalid_integer");
      }
      Predicate<Long> op =
          switch (e.getKey()) {
            case "gt" -> c -> c > bound;
            case "gte" -> c -> c >= bound;
            case "lt" -> c -> c < bound;
            case "lte" -> c -> c <= bound;
            default -> throw ApiError.invalid(
                "Received unknown parameter: created[" + e.getKey() + "]", "created", "parameter_unknown");
          };
      result = result.and(op);
    }
    return result;
  }

  private static <T extends Records.Listed> Cursor cursor(Collection<T> all, FormParams p, String objectName) {
    String startingAfter = p.string("starting_after");
    String endingBefore = p.string("ending_before");
    if (startingAfter != null && endingBefore != null) {
      throw ApiError.invalid(
          "You may only specify one of these parameters: starting_after, ending_before.",
          "ending_before",
          "parameter_invalid_string");
    }
    if (endingBefore != null) {
      return new NewerThan(seqOf(all, endingBefore, "ending_before", objectName));
    }
    if (startingAfter != null) {
      return new OlderThan(seqOf(all, startingAfter, "starting_after", objectName));
    }
    return Cursor.NEWEST;
  }

  /** A cursor names any object of the kind, even one the filters leave out. */
  private static <T extends Records.Listed> long seqOf(Collection<T> all, String id, String param, String objectName) {
    for (T t : all) {
      if (t.id.equals(id)) {
        return t.seq;
      }
    }
    throw ApiError.invalid("No such " + objectName + ": '" + id + "'", param, "resource_missing");
  }

  static Cursor pageToken(FormParams p) {
    String token = p.string("page");
    if (token == null) {
      return Cursor.NEWEST;
    }
    try {
      return new OlderThan(Long.parseLong(token.substring("page_".length())));
    } catch (RuntimeException e) {
      throw ApiError.invalid("Invalid page: " + token, "page", "parameter_invalid_string");
    }
  }

  private static <T> JsonArray render(Page<T> page, Function<? super T, JsonObject> render) {
    JsonArray data = new JsonArray();
    page.items().forEach(t -> data.add(render.apply(t)));
    return data;
  }
}
