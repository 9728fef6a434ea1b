package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

@DisplayName("the problem answers of an operation in the OpenAPI document")
class ProblemOpenApiTest {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ProblemResponse(status = 409, codes = "SLOT_OVERLAP")
  @ProblemResponse(status = 422, codes = {"SLOT_IN_PAST", "INVALID_PRICE"})
  @interface SharedAnswers {
  }

  static class Endpoints {
    @ProblemResponse(status = 404, codes = "NOT_FOUND")
    public void direct() {
    }

    @SharedAnswers
    @ProblemResponse(status = 404, codes = "NOT_FOUND")
    public void shared() {
    }
  }

  private static Operation customized(String method) throws Exception {
    HandlerMethod handler = new HandlerMethod(new Endpoints(), Endpoints.class.getMethod(method));
    return ProblemOpenApi.customize(new Operation(), handler, true);
  }

  @Test
  @DisplayName("answers declared on the method, plus 401 for a secured one and 500 for every one")
  void declaredOnTheMethod() throws Exception {
    assertThat(customized("direct").getResponses()).containsOnlyKeys("401", "404", "500");
  }

  @Test
  @DisplayName("answers declared on an annotation the method carries count as the method's own")
  void declaredOnASharedAnnotation() throws Exception {
    Operation operation = customized("shared");
    assertThat(operation.getResponses()).containsOnlyKeys("401", "404", "409", "422", "500");
    assertThat(operation.getResponses().get("422").getDescription()).contains("SLOT_IN_PAST").contains("INVALID_PRICE");
  }
}
