package com.bookiji.reservation.web;

import com.bookiji.platform.web.RateLimiter;
import com.bookiji.reservation.application.ReservationProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-requester rate of {@code POST /reservations} ({@code bookiji.reservation.limits.*}). */
@Configuration(proxyBeanMethods = false)
public class ReservationLimits {

  public static final String RESERVATION_RATE = "reservationRateLimiter";

  @Bean(RESERVATION_RATE)
  RateLimiter reservationRateLimiter(ReservationProperties properties, Clock clock) {
    ReservationProperties.Limits limits = properties.limits();
    return new RateLimiter(limits.reservationsPerPeriod(), limits.period(), clock);
  }
}
