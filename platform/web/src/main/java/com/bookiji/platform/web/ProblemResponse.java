package com.bookiji.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a problem+json answer of an endpoint: its status and the stable codes it can carry.
 * The OpenAPI document then lists it with a schema whose {@code code} is exactly those codes; 401
 * (secured endpoints), 413 (endpoints with a body) and 500 are added for every operation. Endpoints
 * that share a set of answers may carry an annotation of their own annotated with them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

  int status();

  String[] codes();

  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
  @interface List {
    ProblemResponse[] value();
  }
}
