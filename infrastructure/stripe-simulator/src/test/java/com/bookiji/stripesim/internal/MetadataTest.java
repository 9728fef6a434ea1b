package com.bookiji.stripesim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stripe's metadata parameter, shared by every object that has it")
class MetadataTest {

  @Test
  @DisplayName("an update merges, an empty value unsets one key, an empty hash clears them all")
  void updateSemantics() {
    Map<String, String> target = new LinkedHashMap<>(Map.of("reservation_id", "r-1", "note", "x"));

    Metadata.apply(target, Metadata.valid(FormParams.parse("metadata[note]=&metadata[attempt]=2")));
    assertThat(target).containsExactlyInAnyOrderEntriesOf(Map.of("reservation_id", "r-1", "attempt", "2"));

    Metadata.apply(target, Metadata.valid(FormParams.parse("amount=100")));
    assertThat(target).as("no metadata parameter changes nothing").hasSize(2);

    Metadata.apply(target, Map.of());
    assertThat(target).isEmpty();
    assertThat(Metadata.withoutEmptyValues(Map.of("a", "", "b", "1"))).isEqualTo(Map.of("b", "1"));
  }

  @Test
  @DisplayName("more than 50 keys, a key over 40 or a value over 500 characters is a 400 on metadata")
  void limits() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 51; i++) {
      many.append("&metadata[k").append(i).append("]=v");
    }
    for (String query : new String[] {many.substring(1), "metadata[" + "k".repeat(41) + "]=v",
        "metadata[k]=" + "v".repeat(501)}) {
      assertThatThrownBy(() -> Metadata.valid(FormParams.parse(query)))
          .isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status).isEqualTo(400);
            assertThat(e.param).isEqualTo("metadata");
            assertThat(e.code).isEqualTo("parameter_invalid_object");
          });
    }
    assertThat(Metadata.valid(FormParams.parse("metadata[" + "k".repeat(40) + "]=" + "v".repeat(500)))).hasSize(1);
  }
}
