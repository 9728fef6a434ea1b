package com.bookiji.availability;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Vendors' slots, holds with TTL and bookings. See README.md. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AvailabilityServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(AvailabilityServiceApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
