package com.bookiji.availability.domain;

/**
 * A rule of the domain was broken by a request. {@code code} is stable (it becomes the problem's
 * {@code code} on the REST API); the message is for humans.
 */
public class DomainViolation extends RuntimeException {

  private final String code;

  public DomainViolation(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
