package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /v1/charges}: read-only; a charge is made by confirming a PaymentIntent. */
final class Charges {

  private final Store store;
  private final Expansion expansion;

  Charges(Store store, Expansion expansion) {
    this.store = store;
    this.expansion = expansion;
  }

  JsonObject retrieve(String id, FormParams p) {
    Records.Charge ch = store.charges.get(id);
    if (ch == null) {
      throw ApiError.notFound("No such charge: '" + id + "'", "id");
    }
    return expansion.expand(StripeJson.charge(ch), Expansion.valid(p, "charge"));
  }

  JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "created", "payment_intent", "customer", "expand"));
    String piId = p.string("payment_intent");
    Predicate<Long> created = Listing.created(p);
    List<String> expand = Expansion.validForList(p, "charge");
    return Listing.list(
        new ArrayList<>(store.charges.values()),
        ch -> created.test(ch.created) && (piId == null || piId.equals(ch.paymentIntent)),
        ch -> expansion.expand(StripeJson.charge(ch), expand),
        p,
        "/v1/charges",
        "charge");
  }
}
