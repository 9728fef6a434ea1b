package com.bookiji.reservation.application;

import java.time.Duration;
import java.util.Optional;

/** A request the reservation rules refuse; the web layer renders it as problem+json with {@code code}. */
public class RequestRefused extends RuntimeException {

  public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, UNPROCESSABLE, BAD_REQUEST, TOO_MANY_REQUESTS, UNAUTHENTICATED }

  private final Kind kind;
  private final String code;
  private final Duration retryAfter;

  public RequestRefused(Kind kind, String code, String detail) {
    this(kind, code, detail, null);
  }

  public RequestRefused(Kind kind, String code, String detail, Duration retryAfter) {
    super(detail);
    this.kind = kind;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** When asking again may succeed (the Retry-After header). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
