package com.bookiji.stripesim.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stripe's {@code expand[]}: an id field of a response replaced by the object it names. */
final class Expansion {

  private static final Map<String, Set<String>> EXPANDABLE =
      Map.of(
          "payment_intent", Set.of("latest_charge", "payment_method"),
          "charge", Set.of("payment_intent"),
          "refund", Set.of("charge", "payment_intent"));

  private final Store store;

  Expansion(Store store) {
    this.store = store;
  }

  /** The fields {@code expand[]} names on one object of {@code objectType}; any other is a 400. */
  static List<String> valid(FormParams p, String objectType) {
    List<String> expand = p.stringList("expand");
    for (String e : expand) {
      requireExpandable(objectType, e, e);
    }
    return expand;
  }

  /** The same for a list, where Stripe names the fields {@code data.<field>}; answers the fields without the prefix. */
  static List<String> validForList(FormParams p, String objectType) {
    List<String> expand = p.stringList("expand");
    for (String e : expand) {
      if (!e.startsWith("data.")) {
        throw notExpandable(e);
      }
      requireExpandable(objectType, e.substring("data.".length()), e);
    }
    return expand.stream().map(e -> e.substring("data.".length())).toList();
  }

  JsonObject expand(JsonObject object, List<String> fields) {
    for (String field : fields) {
      JsonElement ref = object.get(field);
      if (ref == null || !ref.isJsonPrimitive()) {
        continue;
      }
      String id = ref.getAsString();
      JsonObject expanded =
          switch (field) {
            case "latest_charge", "charge" -> store.charges.containsKey(id) ? StripeJson.charge(store.charges.get(id)) : null;
            case "payment_intent" -> store.intents.containsKey(id) ? StripeJson.paymentIntent(store.intents.get(id)) : null;
            case "payment_method" -> StripeJson.paymentMethod(id);
            default -> null;
          };
      if (expanded != null) {
        object.add(field, expanded);
      }
    }
    return object;
  }

  private static void requireExpandable(String objectType, String field, String asRequested) {
    if (!EXPANDABLE.get(objectType).contains(field)) {
      throw notExpandable(asRequested);
    }
  }

  private static ApiError notExpandable(String asRequested) {
    return ApiError.invalid("This property cannot be expanded (" + asRequested + ").", "expand", "parameter_invalid_string");
  }
}
