package com.bookiji.platform.inbox.internal;

import org.apache.avro.specific.SpecificRecord;

/** A decoded value that keeps its original bytes, so a dead letter carries exactly what arrived. */
public record AvroPayload(byte[] raw, SpecificRecord record) {}
