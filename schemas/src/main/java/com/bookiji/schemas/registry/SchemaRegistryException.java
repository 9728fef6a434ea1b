package com.bookiji.schemas.registry;

/**
 * A schema registry call failed. {@link #httpStatus()} is 0 when the registry could not be reached;
 * {@link #errorCode()} is Confluent's {@code error_code} (e.g. 40401 subject not found, 40403 schema
 * not found, 409 incompatible, 42201 invalid schema), or the HTTP status when the body had none.
 */
public class SchemaRegistryException extends RuntimeException {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_SOFT_DELETED = 40404;
  public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
  public static final int VERSION_SOFT_DELETED = 40406;
  public static final int VERSION_NOT_SOFT_DELETED = 40407;
  public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    this(httpStatus, errorCode, message, null);
  }

  public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")", cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() { return httpStatus; }

  public int errorCode() { return errorCode; }

  /** True when retrying may help: the registry was unreachable or failed on its side (5xx). */
  public boolean retriable() { return httpStatus == 0 || httpStatus >= 500; }
}
