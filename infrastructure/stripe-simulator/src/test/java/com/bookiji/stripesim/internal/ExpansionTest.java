package com.bookiji.stripesim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("expand[] replaces an id with the object it names")
class ExpansionTest {

  @Test
  @DisplayName("each object type allows its own fields; a list names them data.<field>")
  void allowedFields() {
    assertThat(Expansion.valid(FormParams.parse("expand[]=latest_charge&expand[]=payment_method"), "payment_intent"))
        .containsExactly("latest_charge", "payment_method");
    assertThat(Expansion.validForList(FormParams.parse("expand[]=data.charge"), "refund")).containsExactly("charge");

    assertRefused(() -> Expansion.valid(FormParams.parse("expand[]=customer"), "payment_intent"), "customer");
    assertRefused(() -> Expansion.validForList(FormParams.parse("expand[]=charge"), "refund"), "charge");
    assertRefused(() -> Expansion.validForList(FormParams.parse("expand[]=data.latest_charge"), "refund"),
        "data.latest_charge");
  }

  @Test
  @DisplayName("a stored object replaces its id; an unknown id or an absent field stays as it was")
  void expands() {
    Store store = new Store(null);
    Records.Charge ch = new Records.Charge();
    ch.id = "ch_1";
    ch.status = "succeeded";
    store.save(ch);
    Expansion expansion = new Expansion(store);
    JsonObject refund = new JsonObject();
    refund.addProperty("charge", "ch_1");
    refund.addProperty("payment_intent", "pi_unknown");

    expansion.expand(refund, List.of("charge", "payment_intent"));

    assertThat(refund.getAsJsonObject("charge").get("object").getAsString()).isEqualTo("charge");
    assertThat(refund.getAsJsonObject("charge").get("id").getAsString()).isEqualTo("ch_1");
    assertThat(refund.get("payment_intent").getAsString()).isEqualTo("pi_unknown");
  }

  private static void assertRefused(Runnable call, String named) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status).isEqualTo(400);
      assertThat(e.param).isEqualTo("expand");
      assertThat(e.getMessage()).contains("(" + named + ")");
    });
  }
}
