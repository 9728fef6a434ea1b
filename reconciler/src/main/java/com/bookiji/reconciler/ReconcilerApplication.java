package com.bookiji.reconciler;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The reconciler: observes every topic into its own read model and answers on-call questions about
 * it. A skeleton for now; invariant checks, the money ledger and repairs come on top of the
 * observations.
 */
@SpringBootApplication
public class ReconcilerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReconcilerApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
