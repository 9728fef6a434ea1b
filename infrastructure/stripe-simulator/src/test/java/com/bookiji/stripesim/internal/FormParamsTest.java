package com.bookiji.stripesim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stripe's form encoding")
class FormParamsTest {

  @Test
  @DisplayName("brackets nest hashes, [] and [n] build lists, and the fingerprint ignores order")
  void brackets() {
    FormParams p = FormParams.parse(
        "amount=100&metadata[reservation_id]=r%201&metadata[1]=one&expand[]=a&expand[]=b&created[gte]=5&types[0]=x");
    assertThat(p.integer("amount")).isEqualTo(100);
    assertThat(p.stringMap("metadata")).isEqualTo(Map.of("reservation_id", "r 1", "1", "one"));
    assertThat(p.stringList("expand")).containsExactly("a", "b");
    assertThat(p.stringList("types")).isEqualTo(List.of("x"));
    assertThat(p.map("created")).containsEntry("gte", "5");
    assertThat(FormParams.parse("b=2&a=1").fingerprint()).isEqualTo(FormParams.parse("a=1&b=2").fingerprint());
    assertThat(FormParams.parse("a=1").fingerprint()).isNotEqualTo(FormParams.parse("a=2").fingerprint());
  }

  @Test
  @DisplayName("fault endpoint patterns match method and path segments")
  void endpointPatterns() {
    assertThat(Faults.endpointMatches("POST /v1/payment_intents/*/capture", "POST", "/v1/payment_intents/pi_1/capture")).isTrue();
    assertThat(Faults.endpointMatches("POST /v1/payment_intents/*/capture", "POST", "/v1/payment_intents/pi_1/cancel")).isFalse();
    assertThat(Faults.endpointMatches("POST /v1/payment_intents", "POST", "/v1/payment_intents/pi_1")).isFalse();
    assertThat(Faults.endpointMatches("* /v1/**", "GET", "/v1/events/evt_1")).isTrue();
    assertThat(Faults.endpointMatches("/v1/refunds", "POST", "/v1/refunds")).isTrue();
    assertThat(Faults.endpointMatches("GET /v1/refunds", "POST", "/v1/refunds")).isFalse();
  }
}
