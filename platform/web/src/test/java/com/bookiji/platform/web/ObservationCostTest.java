package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@DisplayName("observations a service records per request")
class ObservationCostTest {

  @Autowired ObservationRegistry registry;

  @Test
  @DisplayName("Spring Security's per-filter observations are not recorded, the request's own observation is")
  void securityFiltersAreNotObserved() {
    assertThat(registry.isNoop()).as("an observation registry that records").isFalse();
    assertThat(Observation.createNotStarted("spring.security.filterchains", registry).isNoop()).isTrue();
    assertThat(Observation.createNotStarted("spring.security.http.secured.requests", registry).isNoop()).isTrue();
    assertThat(Observation.createNotStarted("http.server.requests", registry).isNoop()).isFalse();
  }
}
