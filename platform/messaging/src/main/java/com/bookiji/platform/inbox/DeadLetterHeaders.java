package com.bookiji.platform.inbox;

/**
 * Headers the platform adds to a record it sends to {@code <topic>-dlt}, next to the record's
 * original key, value bytes and headers (and spring-kafka's own {@code kafka_dlt-*} headers).
 */
public final class DeadLetterHeaders {
  public static final String EXCEPTION = "dlt.exception";
  public static final String MESSAGE = "dlt.message";
  public static final String STAGE = "dlt.stage";
  /** {@link FailureKind}: DETERMINISTIC (at once), TRANSIENT (the transient retry bound passed), UNKNOWN (max-attempts used up). */
  public static final String FAILURE = "dlt.failure";
  public static final String ATTEMPTS = "dlt.attempts";
  public static final String CONSUMER = "dlt.consumer";
  public static final String ORIGINAL_TOPIC = "dlt.original.topic";
  public static final String ORIGINAL_PARTITION = "dlt.original.partition";
  public static final String ORIGINAL_OFFSET = "dlt.original.offset";
  public static final String FAILED_AT = "dlt.failed.at";

  private DeadLetterHeaders() {}
}
