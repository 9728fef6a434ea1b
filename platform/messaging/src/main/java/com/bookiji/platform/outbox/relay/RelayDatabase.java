package com.bookiji.platform.outbox.relay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.postgresql.Driver;

/**
 * Where the relay connects: parsed from the service's {@code jdbc:postgresql://host:port/db?...}
 * URL by the PostgreSQL driver itself, so the relay reads the URL exactly as the service's own
 * connections do. The URL's parameters ({@code sslmode}, {@code sslrootcert},
 * {@code ApplicationName}, {@code connectTimeout}, ...) reach Debezium (see
 * {@link #debeziumConnectionProperties()}). A URL naming several hosts is refused: Debezium's
 * replication connection needs the one primary, and only the server can tell which host that is.
 */
public record RelayDatabase(String jdbcUrl, String host, int port, String database, String username,
    String password, Map<String, String> parameters) {

  /** URL parameters Debezium's PostgreSQL connector knows as {@code database.<name>}. */
  private static final Set<String> DEBEZIUM_DATABASE_PARAMETERS = Set.of("sslmode", "sslcert",
      "sslkey", "sslpassword", "sslrootcert", "sslfactory", "tcpKeepAlive");
  /** The driver's keys for the URL's parts, and credentials (the relay passes its own). */
  private static final Set<String> NOT_PARAMETERS = Set.of("PGHOST", "PGPORT", "PGDBNAME", "user",
      "password");

  public RelayDatabase {
    parameters = Map.copyOf(parameters);
  }

  public RelayDatabase(String jdbcUrl, String host, int port, String database, String username,
      String password) {
    this(jdbcUrl, host, port, database, username, password, Map.of());
  }

  /**
   * Reads the URL with the PostgreSQL driver's own parser. Username and password fall back to the
   * URL's {@code user} and {@code password} parameters.
   */
  public static RelayDatabase fromJdbcUrl(String jdbcUrl, String username, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("the outbox relay needs a jdbc:postgresql://host[:port]/database URL, got "
          + jdbcUrl);
    }
    Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
    if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
      throw new IllegalArgumentException("cannot read host and database from " + jdbcUrl);
    }
    String hosts = parsed.getProperty("PGHOST");
    if (hosts.contains(",")) {
      throw new IllegalArgumentException("the outbox relay needs one database host, " + jdbcUrl
          + " names " + hosts.split(",").length + " (" + hosts + "): Debezium streams from a "
          + "replication slot on the primary over a single connection. Point spring.datasource.url"
          + " at the primary's address (e.g. CloudNativePG's <cluster>-rw service, or a DNS name "
          + "that follows fail-over) instead of a host list with targetServerType");
    }
    Map<String, String> parameters = new TreeMap<>();
    for (String name : parsed.stringPropertyNames()) {
      if (!NOT_PARAMETERS.contains(name)) {
        parameters.put(name, parsed.getProperty(name));
      }
    }
    return new RelayDatabase(jdbcUrl, hosts, Integer.parseInt(parsed.getProperty("PGPORT")),
        parsed.getProperty("PGDBNAME"), username != null ? username : parsed.getProperty("user"),
        password != null ? password : parsed.getProperty("password"), parameters);
  }

  private static boolean isTrueOrEmpty(String value) {
    return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
  }

  /** A name usable as replication slot / topic prefix: [a-z0-9_]. */
  public String identifier() {
    return database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * Debezium's connection settings: host, port, database and credentials; the URL's TLS
   * parameters as Debezium's own {@code database.ssl*} settings; every other URL parameter
   * through Debezium's {@code driver.*} pass-through to the JDBC driver.
   */
  public Map<String, String> debeziumConnectionProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("database.hostname", host);
    p.put("database.port", String.valueOf(port));
    p.put("database.dbname", database);
    if (username != null) {
      p.put("database.user", username);
    }
    if (password != null) {
      p.put("database.password", password);
    }
    parameters.forEach((name, value) -> p.put(
        (DEBEZIUM_DATABASE_PARAMETERS.contains(name) ? "database." : "driver.") + name, value));
    if (!parameters.containsKey("sslmode") && isTrueOrEmpty(parameters.get("ssl"))) {
      // The driver reads a bare ssl=true as sslmode=verify-full; Debezium's own default would win.
      p.put("database.sslmode", "verify-full");
    }
    return p;
  }
}
