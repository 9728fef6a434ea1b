package com.bookiji.platform.client;

/**
 * The API refused a request: its HTTP status and the RFC 9457 problem's stable {@code code} (null
 * when the answer was not problem+json, e.g. a proxy's 502). Clients switch on the code; title and
 * detail are for humans.
 */
public final class ProblemException extends RuntimeException {

  private final String request;
  private final int status;
  private final String code;
  private final String detail;
  private final String body;

  ProblemException(String request, int status, String code, String detail, String body) {
    super(request + ": HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : " (" + detail + ")"));
    this.request = request;
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.body = body;
  }

  /** "POST /reservations". */
  public String request() { return request; }

  public int status() { return status; }

  public String code() { return code; }

  public String detail() { return detail; }

  /** The answer's body as sent. */
  public String body() { return body; }

  /** "HTTP 409 SLOT_UNAVAILABLE", or "HTTP 502" without a problem code. */
  public String describe() {
    return "HTTP " + status + (code == null ? "" : " " + code);
  }
}
