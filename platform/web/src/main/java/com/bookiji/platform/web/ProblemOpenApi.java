package com.bookiji.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * The problem answers in the OpenAPI document, from {@link ProblemResponse} annotations plus the
 * ones the platform gives every operation, each with the exact {@code code}s it can carry.
 */
final class ProblemOpenApi {

  static final String PROBLEM_SCHEMA = "Problem";
  static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

  private ProblemOpenApi() {}

  static void addProblemSchema(Components components) {
    Schema<Object> problem = new ObjectSchema()
        .description("RFC 9457 problem details; clients switch on `code`, title and detail are for humans")
        .addProperty("type", new StringSchema().format("uri").example("urn:bookiji:problem:VALIDATION_FAILED"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty("code", new StringSchema().description("stable error code"))
        .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
            .addProperty("field", new StringSchema()).addProperty("message", new StringSchema()))
            .description("VALIDATION_FAILED only: the offending fields"));
    problem.setRequired(List.of("type", "title", "status", "code"));
    components.addSchemas(PROBLEM_SCHEMA, problem);
  }

  static Operation customize(Operation operation, HandlerMethod handler, boolean secured) {
    Map<Integer, TreeSet<String>> codes = new TreeMap<>();
    // MergedAnnotations also finds them on an annotation the method carries (a shared set of answers)
    for (ProblemResponse declared : MergedAnnotations.from(handler.getMethod(), MergedAnnotations.SearchStrategy.DIRECT)
        .stream(ProblemResponse.class).map(MergedAnnotation::synthesize).toList()) {
      codes.computeIfAbsent(declared.status(), s -> new TreeSet<>()).addAll(List.of(declared.codes()));
    }
    if (secured) {
      codes.computeIfAbsent(401, s -> new TreeSet<>()).add(ProblemCodes.UNAUTHENTICATED);
    }
    if (operation.getRequestBody() != null) {
      codes.computeIfAbsent(413, s -> new TreeSet<>()).add(ProblemCodes.PAYLOAD_TOO_LARGE);
    }
    codes.computeIfAbsent(500, s -> new TreeSet<>()).add(ProblemCodes.INTERNAL_ERROR);
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    codes.forEach((status, statusCodes) -> {
      List<Object> enumeration = new ArrayList<>(statusCodes);
      Schema<Object> schema = new Schema<>().allOf(List.of(
          new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA),
          new ObjectSchema().addProperty("code", new StringSchema()._enum(
              enumeration.stream().map(String::valueOf).toList()))));
      HttpStatus known = HttpStatus.resolve(status);
      responses.addApiResponse(Integer.toString(status), new ApiResponse()
          .description((known == null ? "Error" : known.getReasonPhrase()) + ": " + String.join(", ", statusCodes))
          .content(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType().schema(schema))));
    });
    operation.setResponses(responses);
    return operation;
  }
}
