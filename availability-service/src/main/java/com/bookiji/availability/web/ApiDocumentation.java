package com.bookiji.availability.web;

import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in the OpenAPI document (served at /v3/api-docs, committed as openapi.json). */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

  @Bean
  OpenApiCustomizer availabilityApiInfo() {
    return api -> api.info(new Info().title("Bookiji vendor availability API").version("1")
        .description("A vendor's time slots and their state. Errors are application/problem+json with a"
            + " stable `code`; every request needs a bearer token (changes: role VENDOR, the vendor itself)."));
  }
}
