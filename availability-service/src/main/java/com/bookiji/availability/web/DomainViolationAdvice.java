package com.bookiji.availability.web;

import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.platform.web.ApiProblem;
import com.bookiji.platform.web.ProblemExceptionHandler;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Domain rule codes → HTTP statuses; rendering is the platform's (problem+json with the code). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DomainViolationAdvice {

  static final Map<String, HttpStatus> STATUS = Map.of(
      "SLOT_NOT_FOUND", HttpStatus.NOT_FOUND,
      "NOT_SLOT_OWNER", HttpStatus.FORBIDDEN,
      "SLOT_OVERLAP", HttpStatus.CONFLICT,
      "SLOT_NOT_FREE", HttpStatus.CONFLICT,
      "SLOT_BOOKED", HttpStatus.CONFLICT);

  private final ProblemExceptionHandler problems;

  public DomainViolationAdvice(ProblemExceptionHandler problems) {
    this.problems = problems;
  }

  @ExceptionHandler(DomainViolation.class)
  public ResponseEntity<ProblemDetail> handle(DomainViolation violation) {
    // Everything else is a request the domain cannot accept as given: 422 with the rule's code.
    HttpStatus status = STATUS.getOrDefault(violation.code(), HttpStatus.UNPROCESSABLE_CONTENT);
    return problems.handleApiProblem(
        new ApiProblem(status, violation.code(), violation.getMessage()));
  }
}
