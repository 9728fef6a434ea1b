package com.bookiji.availability.web.archfixture;

/** Reaches into messaging and SQL from the web layer, on purpose: see ArchitectureTest. */
public class WebLeak {
  com.bookiji.availability.messaging.AvailabilityCommandHandler handler;
  org.springframework.jdbc.core.JdbcTemplate jdbc;
}
