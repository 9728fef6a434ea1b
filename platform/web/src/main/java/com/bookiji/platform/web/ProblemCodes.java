package com.bookiji.platform.web;

import org.springframework.http.HttpStatusCode;

/** The stable codes the platform itself uses; services add their own domain codes. */
public final class ProblemCodes {
  public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
  public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
  public static final String MISSING_HEADER = "MISSING_HEADER";
  public static final String MISSING_PARAMETER = "MISSING_PARAMETER";
  public static final String INVALID_PARAMETER = "INVALID_PARAMETER";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
  public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String CONFLICT = "CONFLICT";
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
  public static final String BAD_REQUEST = "BAD_REQUEST";

  private ProblemCodes() {}

  /** The generic code for a status when nothing more specific is known. */
  public static String forStatus(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 503 -> SERVICE_UNAVAILABLE;
      default -> status.is5xxServerError() ? INTERNAL_ERROR : "HTTP_" + status.value();
    };
  }
}
