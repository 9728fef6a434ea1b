package com.bookiji.reservation.web;

import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in the OpenAPI document (served at /v3/api-docs, committed as openapi.json). */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

  @Bean
  OpenApiCustomizer reservationApiInfo() {
    return api -> api.info(new Info().title("Bookiji reservation API").version("1")
        .description("Reserve a vendor's slot and pay by card. Errors are application/problem+json"
            + " with a stable `code`; every request needs a bearer token (role REQUESTER, VENDOR or OPS)."));
  }
}
