package com.bookiji.platform.outbox.relay;

import java.net.URI;
import java.util.Locale;

/** Where the relay connects: parsed from the service's {@code jdbc:postgresql://host:port/db} URL. */
public record RelayDatabase(String jdbcUrl, String host, int port, String database, String username,
    String password) {

  public static RelayDatabase fromJdbcUrl(String jdbcUrl, String username, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("the outbox relay needs a jdbc:postgresql://host[:port]/database URL, got "
          + jdbcUrl);
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String path = uri.getPath();
    if (uri.getHost() == null || path == null || path.length() < 2) {
      throw new IllegalArgumentException("cannot read host and database from " + jdbcUrl);
    }
    return new RelayDatabase(jdbcUrl, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.substring(1), username, password);
  }

  /** A name usable as replication slot / topic prefix: [a-z0-9_]. */
  public String identifier() {
    return database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }
}
