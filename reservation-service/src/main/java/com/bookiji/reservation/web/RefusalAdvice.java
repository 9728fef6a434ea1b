package com.bookiji.reservation.web;

import com.bookiji.platform.web.ApiProblem;
import com.bookiji.platform.web.ProblemExceptionHandler;
import com.bookiji.reservation.application.RequestRefused;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The reservation rules' refusals as the platform's problem+json, with their stable codes. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RefusalAdvice {

  private final ProblemExceptionHandler problems;

  public RefusalAdvice(ObjectProvider<ProblemExceptionHandler> problems) {
    this.problems = problems.getIfAvailable(ProblemExceptionHandler::new);
  }

  @ExceptionHandler(RequestRefused.class)
  public ResponseEntity<ProblemDetail> refused(RequestRefused e) {
    HttpStatus status = switch (e.kind()) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case CONFLICT -> HttpStatus.CONFLICT;
      case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
      case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
      case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
    };
    ResponseEntity<ProblemDetail> problem =
        problems.handleApiProblem(new ApiProblem(status, e.code(), e.getMessage()));
    return e.retryAfter().map(wait -> ResponseEntity.status(problem.getStatusCode())
            .headers(problem.getHeaders())
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(wait)))
            .body(problem.getBody()))
        .orElse(problem);
  }

  /** Whole seconds, rounded up: a client that waits that long is not refused again for the same reason. */
  static long retryAfterSeconds(Duration wait) {
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
