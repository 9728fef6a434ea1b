package com.bookiji.reconciler;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The reconciler, the independent auditor: observes every topic into its own typed model, keeps a
 * money ledger per reservation, runs the invariant checks and keeps their findings.
 */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class ReconcilerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReconcilerApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
