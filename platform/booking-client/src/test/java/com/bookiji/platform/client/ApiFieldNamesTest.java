package com.bookiji.platform.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The client's records carry exactly the API's field names: each is compared with the schema in
 * the service's openapi.json (which the services' ITs keep in step with their controllers).
 */
class ApiFieldNamesTest {

  @DisplayName("every record of the client names exactly the fields of its schema in the service's openapi.json")
  @ParameterizedTest(name = "{0} = {1}#{2}")
  @CsvSource({
      "com.bookiji.platform.client.Reservation, reservation-service, Reservation",
      "com.bookiji.platform.client.Reservation$Money, reservation-service, Money",
      "com.bookiji.platform.client.Reservation$SlotTime, reservation-service, SlotTime",
      "com.bookiji.platform.client.Reservation$Payment, reservation-service, Payment",
      "com.bookiji.platform.client.Reservation$TimelineLine, reservation-service, TimelineLine",
      "com.bookiji.platform.client.Reservation$Links, reservation-service, Links",
      "com.bookiji.platform.client.ReservationPage, reservation-service, ReservationPage",
      "com.bookiji.platform.client.Slot, availability-service, SlotResponse",
      "com.bookiji.platform.client.NewSlot, availability-service, SlotRequest",
  })
  void fieldsMatchTheApi(String recordClass, String service, String schema) throws Exception {
    JsonNode spec = BookingClient.JSON.readTree(Files.readString(repo().resolve(service).resolve("openapi.json")));
    JsonNode properties = spec.path("components").path("schemas").path(schema).path("properties");
    Set<String> apiFields = new HashSet<>(properties.propertyNames());
    Set<String> clientFields = new HashSet<>();
    Arrays.stream(Class.forName(recordClass).getRecordComponents()).forEach(c -> clientFields.add(c.getName()));

    assertThat(apiFields).as("%s in %s/openapi.json", schema, service).isNotEmpty();
    assertThat(clientFields).as("%s against %s", recordClass, schema).isEqualTo(apiFields);
  }

  private static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("reservation-service/openapi.json"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the checkout with reservation-service/openapi.json above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
