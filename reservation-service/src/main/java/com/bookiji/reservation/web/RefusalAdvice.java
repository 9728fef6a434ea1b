package com.bookiji.reservation.web;

import com.bookiji.platform.web.ApiProblem;
import com.bookiji.platform.web.ProblemExceptionHandler;
import com.bookiji.reservation.application.RequestRefused;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
    };
    return problems.handleApiProblem(new ApiProblem(status, e.code(), e.getMessage()));
  }
}
