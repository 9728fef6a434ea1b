package com.bookiji.platform.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error a client can act on. Thrown anywhere below a controller, it is rendered as RFC 9457
 * {@code application/problem+json} with its stable {@code code} (e.g. {@code SLOT_OVERLAP}), which
 * clients switch on; the title and detail are for humans and may change.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatusCode status;
  private final String code;
  private final String title;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  public ApiProblem(HttpStatusCode status, String code, String detail) {
    this(status, code, null, detail);
  }

  public ApiProblem(HttpStatusCode status, String code, String title, String detail) {
    super(detail);
    this.status = Objects.requireNonNull(status, "status");
    this.code = Objects.requireNonNull(code, "code");
    this.title = title != null ? title : defaultTitle(status);
  }

  public static ApiProblem badRequest(String code, String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, code, detail);
  }

  public static ApiProblem notFound(String code, String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, code, detail);
  }

  public static ApiProblem conflict(String code, String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, code, detail);
  }

  public static ApiProblem forbidden(String code, String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, code, detail);
  }

  public static ApiProblem unprocessable(String code, String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
  }

  /** Adds an extension member to the problem document (e.g. the conflicting slot's id). */
  public ApiProblem with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public HttpStatusCode status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }

  private static String defaultTitle(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known != null ? known.getReasonPhrase() : "Error " + status.value();
  }
}
