package com.bookiji.availability.domain.archfixture;

/**
 * Breaks every domain rule on purpose (Spring, Avro, JDBC, the contracts): ArchitectureTest checks
 * its rules against this class to prove they can fail. Test code only; nothing scans it.
 */
public class DomainLeak {
  org.springframework.context.ApplicationContext context;
  org.apache.avro.specific.SpecificRecord record;
  java.sql.Connection connection;
  com.bookiji.schemas.availability.SlotHeld contract;
}
