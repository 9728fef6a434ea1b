package com.bookiji.reservation.web;

import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every log line of a request on one reservation ({@code /reservations/{id}/…}) names it under the
 * MDC key {@value #RESERVATION_ID}, the key the platform's inbox uses for messages about one, so
 * on-call finds a reservation's lines from both sides with one query; the request's span carries it
 * as {@code reservation.id} (a vendor's decision is a trace of its own, joined to the reservation's
 * by this attribute).
 */
@Configuration(proxyBeanMethods = false)
public class ReservationLogContext implements WebMvcConfigurer {

  static final String RESERVATION_ID = "reservationId";

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AsyncHandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars
            && vars.get("id") instanceof String id) {
          MDC.put(RESERVATION_ID, id);
          // On the request's server span (not metrics: high cardinality), found by reservation.
          ServerHttpObservationFilter.findObservationContext(request)
              .ifPresent(observation -> observation.addHighCardinalityKeyValue(KeyValue.of("reservation.id", id)));
        }
        return true;
      }

      @Override
      public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
          Object handler) {
        MDC.remove(RESERVATION_ID); // the thread goes back to the pool while the stream stays open
      }

      @Override
      public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
          Exception ex) {
        MDC.remove(RESERVATION_ID);
      }
    }).addPathPatterns("/reservations/*", "/reservations/*/**");
  }
}
