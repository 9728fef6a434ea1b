package com.bookiji.stripesim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StripeJson renders every object in Stripe's shape")
class StripeJsonTest {

  @Test
  @DisplayName("each object's JSON is byte for byte what clients saw before the renderers were shared")
  void sameJsonAsBefore() throws IOException {
    // The golden file was written by the renderers as they were before one field writer served
    // them all: same fields, same order, same nulls.
    List<String> golden;
    try (InputStream in = StripeJsonTest.class.getResourceAsStream("stripe-json.golden.jsonl")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    List<String> rendered = StripeJsonFixtures.all().stream().map(JsonObject::toString).toList();

    assertThat(rendered).hasSameSizeAs(golden);
    for (int i = 0; i < golden.size(); i++) {
      assertThat(rendered.get(i)).as("rendering %d", i).isEqualTo(golden.get(i));
    }
  }

  @Test
  @DisplayName("a rendered object is a copy: changing it leaves the stored record alone")
  void renderedIsACopy() {
    Records.PaymentIntent pi = StripeJsonFixtures.fullIntent();

    JsonObject rendered = StripeJson.paymentIntent(pi);
    rendered.getAsJsonObject("last_payment_error").addProperty("code", "changed");
    rendered.getAsJsonObject("metadata").addProperty("reservation_id", "changed");

    assertThat(pi.lastPaymentError.get("code").getAsString()).isEqualTo("card_declined");
    assertThat(pi.metadata).containsEntry("reservation_id", "r-1");
  }
}
