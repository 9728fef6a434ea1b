package com.bookiji.platform.messaging.autoconfigure;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the platform's own migrations ({@code classpath:db/platform}: outbox, inbox,
 * relay_offsets) with their own history table. Kept apart from the service's Flyway history so a
 * new platform migration never sorts below migrations a service has already applied (Flyway would
 * refuse to start on such a database).
 */
public final class PlatformSchema {

  public static final String LOCATION = "classpath:db/platform";
  public static final String HISTORY_TABLE = "platform_schema_history";

  private PlatformSchema() {}

  static PlatformSchema migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        // The service's own tables may already be there: start the platform history at 0.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    return new PlatformSchema();
  }
}
