package com.bookiji.platform.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error leaving a controller becomes {@code application/problem+json} with a stable
 * {@code code}. Spring MVC's own exceptions go through {@link ResponseEntityExceptionHandler}
 * (which already builds a {@link ProblemDetail}); we only add the code and, for validation, the
 * field errors. Unknown exceptions are logged and answered with a 500 that leaks nothing.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

  public static final String CODE = "code";
  public static final String ERRORS = "errors";
  static final String TYPE_PREFIX = "urn:bookiji:problem:";

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  @ExceptionHandler(ApiProblem.class)
  public ResponseEntity<ProblemDetail> handleApiProblem(ApiProblem problem) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.detail());
    body.setTitle(problem.title());
    problem.properties().forEach(body::setProperty);
    return respond(body, problem.code(), new HttpHeaders());
  }

  @ExceptionHandler(ConstraintViolationException.class)
  public ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "the request has invalid fields");
    List<Map<String, Object>> errors = new ArrayList<>();
    e.getConstraintViolations().forEach(v -> errors.add(
        fieldError(String.valueOf(v.getPropertyPath()), v.getMessage())));
    body.setProperty(ERRORS, errors);
    return respond(body, ProblemCodes.VALIDATION_FAILED, new HttpHeaders());
  }

  /** Method security ({@code @PreAuthorize}) throws inside MVC, after the security filters. */
  @ExceptionHandler(AccessDeniedException.class)
  public ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException e) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
        "the caller's role does not allow this operation");
    return respond(body, ProblemCodes.FORBIDDEN, new HttpHeaders());
  }

  @ExceptionHandler(AuthenticationException.class)
  public ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException e) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
        "a valid bearer token is required");
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return respond(body, ProblemCodes.UNAUTHENTICATED, headers);
  }

  static final String UNPARSEABLE_PARAMETERS =
      "the query string or form parameters are not validly percent-encoded";

  /**
   * The container refuses a query string it cannot decode (e.g. {@code ?cursor=%%%}) only when a
   * parameter is first read, as an unchecked exception (Tomcat's InvalidParameterException, named
   * here so the platform does not depend on one container): it is the client's fault, a 400.
   */
  static boolean isUnparseableParameters(Object e) {
    for (Throwable t = e instanceof Throwable th ? th : null; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
        return true;
      }
    }
    return false;
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
    if (isUnparseableParameters(e)) {
      return respond(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, UNPARSEABLE_PARAMETERS),
          ProblemCodes.INVALID_PARAMETER, new HttpHeaders());
    }
    log.error("unhandled exception in a request", e);
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "an unexpected error occurred; it has been logged");
    return respond(body, ProblemCodes.INTERNAL_ERROR, new HttpHeaders());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail body = ex.getBody();
    body.setDetail("the request has invalid fields");
    List<Map<String, Object>> errors = new ArrayList<>();
    for (FieldError fe : ex.getBindingResult().getFieldErrors()) {
      errors.add(fieldError(fe.getField(), fe.getDefaultMessage()));
    }
    ex.getBindingResult().getGlobalErrors()
        .forEach(ge -> errors.add(fieldError(ge.getObjectName(), ge.getDefaultMessage())));
    body.setProperty(ERRORS, errors);
    return handleExceptionInternal(ex, body, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body = ex.getBody();
    List<Map<String, Object>> errors = new ArrayList<>();
    ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
        errors.add(fieldError(r.getMethodParameter().getParameterName(),
            err.getDefaultMessage()))));
    body.setProperty(ERRORS, errors);
    return handleExceptionInternal(ex, body, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (tooLarge(ex)) {
      ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
          "the request body is larger than this service accepts");
      return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    return super.handleHttpMessageNotReadable(ex, headers, status, request);
  }

  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestBodyLimitFilter.BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body,
      HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    ProblemDetail problem = body instanceof ProblemDetail pd ? pd
        : ProblemDetail.forStatus(statusCode);
    if (ex instanceof HttpMessageNotReadableException && statusCode.value() == 400) {
      // Never echo the parser's message: it can contain the client's payload.
      problem.setDetail("the request body is not valid JSON for this operation");
    }
    String code = codeFor(ex, statusCode);
    problem.setProperty(CODE, code);
    problem.setType(URI.create(TYPE_PREFIX + code));
    HttpHeaders out = new HttpHeaders();
    if (headers != null) {
      out.putAll(headers);
    }
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(statusCode).headers(out).body(problem);
  }

  static String codeFor(Exception ex, HttpStatusCode status) {
    if (status.value() == 413) {
      return ProblemCodes.PAYLOAD_TOO_LARGE;
    }
    if (ex instanceof MethodArgumentNotValidException
        || ex instanceof HandlerMethodValidationException) {
      return ProblemCodes.VALIDATION_FAILED;
    }
    if (ex instanceof HttpMessageNotReadableException) {
      return ProblemCodes.MALFORMED_REQUEST;
    }
    if (ex instanceof MissingRequestHeaderException) {
      return ProblemCodes.MISSING_HEADER;
    }
    if (ex instanceof MissingServletRequestParameterException) {
      return ProblemCodes.MISSING_PARAMETER;
    }
    if (ex instanceof TypeMismatchException
        || ex instanceof org.springframework.web.bind.MissingPathVariableException) {
      // A path variable that converts to nothing (e.g. a blank id) is as ill-typed as a wrong one.
      return ProblemCodes.INVALID_PARAMETER;
    }
    if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
      return ProblemCodes.NOT_FOUND;
    }
    if (ex instanceof HttpRequestMethodNotSupportedException) {
      return ProblemCodes.METHOD_NOT_ALLOWED;
    }
    if (ex instanceof HttpMediaTypeNotSupportedException) {
      return ProblemCodes.UNSUPPORTED_MEDIA_TYPE;
    }
    if (ex instanceof HttpMediaTypeNotAcceptableException) {
      return ProblemCodes.NOT_ACCEPTABLE;
    }
    return ProblemCodes.forStatus(status);
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail body, String code,
      HttpHeaders headers) {
    body.setProperty(CODE, code);
    body.setType(URI.create(TYPE_PREFIX + code));
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(body.getStatus()).headers(headers).body(body);
  }

  private static Map<String, Object> fieldError(String field, String message) {
    return Map.of("field", field == null ? "" : field, "message",
        message == null ? "invalid" : message);
  }
}
