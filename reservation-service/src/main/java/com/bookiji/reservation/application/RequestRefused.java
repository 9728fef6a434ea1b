package com.bookiji.reservation.application;

/** A request the reservation rules refuse; the web layer renders it as problem+json with {@code code}. */
public class RequestRefused extends RuntimeException {

  public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, UNPROCESSABLE, BAD_REQUEST }

  private final Kind kind;
  private final String code;

  public RequestRefused(Kind kind, String code, String detail) {
    super(detail);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }
}
