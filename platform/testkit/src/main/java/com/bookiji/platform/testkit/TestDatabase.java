package com.bookiji.platform.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** A fresh database in the shared embedded PostgreSQL server. */
public final class TestDatabase {

  private final String name;
  private final String jdbcUrl;
  private final String username;
  private final String password;
  private volatile HikariDataSource dataSource;

  TestDatabase(String name, String jdbcUrl, String username, String password) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
  }

  public String name() { return name; }

  public String jdbcUrl() { return jdbcUrl; }

  public String username() { return username; }

  public String password() { return password; }

  /** A small pool on this database for test assertions and fixtures (lazily created, closed at JVM exit). */
  public DataSource dataSource() {
    HikariDataSource ds = dataSource;
    if (ds == null) {
      synchronized (this) {
        if (dataSource == null) {
          HikariConfig config = new HikariConfig();
          config.setJdbcUrl(jdbcUrl);
          config.setUsername(username);
          config.setPassword(password);
          config.setMaximumPoolSize(4);
          config.setMinimumIdle(0);
          config.setPoolName("testkit-" + name);
          dataSource = new HikariDataSource(config);
        }
        ds = dataSource;
      }
    }
    return ds;
  }

  void close() {
    HikariDataSource ds = dataSource;
    if (ds != null) {
      ds.close();
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + jdbcUrl + "]";
  }
}
