package com.bookiji.schemas.registry;

/** A (subject, version) pair under which a schema id is registered. */
public record SubjectVersion(String subject, int version) {}
