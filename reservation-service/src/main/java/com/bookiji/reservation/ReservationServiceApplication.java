package com.bookiji.reservation;

import com.bookiji.reservation.application.ReservationProperties;
import com.bookiji.reservation.saga.ReservationSaga;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The public reservation API and the reservation saga's orchestrator. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ReservationProperties.class)
public class ReservationServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReservationServiceApplication.class, args);
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ReservationSaga reservationSaga(ReservationProperties properties, Clock clock) {
    return new ReservationSaga(properties.sagaPolicy(), clock);
  }
}
