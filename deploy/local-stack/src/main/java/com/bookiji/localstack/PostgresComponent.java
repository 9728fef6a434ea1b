package com.bookiji.localstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL 17 from the io.zonky embedded binaries, held by a small JVM ({@link
 * EmbeddedPostgresProcess}) so the launcher can stop it like every other process. One database per
 * service; logical replication is on for the Debezium relays.
 */
final class PostgresComponent implements Component {

  static final String NAME = "postgres";
  static final String HEAP = "128m";
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";
  static final List<String> DATABASES = List.of("availability", "payment", "reservation", "reconciler");

  @Override
  public String name() { return NAME; }

  @Override
  public int defaultPort() { return 15432; }

  static String jdbcUrl(StackLayout layout, String database) {
    return "jdbc:postgresql://" + StackLayout.HOST + ":" + layout.port(15432) + "/" + database;
  }

  @Override
  public void prepare(StackContext ctx) throws Exception {
    // Stays owned by the launcher's user: as root the zonky binaries run initdb/postgres inside
    // 'unshare -U', which can only chmod what root owns.
    Files.createDirectories(ctx.layout().dataDir(NAME));
  }

  /**
   * A state directory left by an older Bookiji may hold a database of another PostgreSQL major
   * version, which these binaries cannot open (the server would exit with a message deep in its
   * log). Say so in one line, with the ways out, before starting anything.
   */
  static void refuseOtherMajorVersion(StackLayout layout, java.util.Optional<String> binaries) throws java.io.IOException {
    Path versionFile = layout.dataDir(NAME).resolve("PG_VERSION");
    if (binaries.isEmpty() || !Files.exists(versionFile)) {
      return;
    }
    String data = Files.readString(versionFile, StandardCharsets.UTF_8).trim();
    if (!data.equals(binaries.get())) {
      throw new IllegalStateException(layout.dataDir(NAME) + " holds a PostgreSQL " + data
          + " database (left by an older version of Bookiji); this stack runs PostgreSQL " + binaries.get()
          + ", which cannot open it. Start over with ./bookiji reset" + stateDirOption(layout)
          + " (deletes the stack's data), or keep it and use another directory: ./bookiji up --state-dir <new directory>");
    }
  }

  private static String stateDirOption(StackLayout layout) {
    return layout.stateDir().equals(layout.repo().resolve(".bookiji")) ? "" : " --state-dir " + layout.stateDir();
  }

  /** The major version of the embedded binaries on the classpath, from their jar's name (…-binaries-linux-amd64-17.11.0.jar). */
  static java.util.Optional<String> binariesMajorVersion() {
    java.net.URL archive = PostgresComponent.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
    if (archive == null) {
      return java.util.Optional.empty();
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d+)\\.\\d+\\.\\d+\\.jar!").matcher(archive.toString());
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  @Override
  public List<String> command(StackContext ctx) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ctx.java());
    // Sized for the first start too, which unpacks the binaries (streamed, see PostgresBinaries).
    cmd.addAll(ctx.jvmOptions(HEAP));
    cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", ctx.launcherClasspath(),
        EmbeddedPostgresProcess.class.getName(),
        ctx.layout().dataDir(NAME).toString(),
        Integer.toString(ctx.layout().port(defaultPort()))));
    return cmd;
  }

  @Override
  public boolean ready(StackContext ctx) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(ctx.layout(), "postgres"), USER, PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void afterReady(StackContext ctx) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(ctx.layout(), "postgres"), USER, PASSWORD);
        Statement s = c.createStatement()) {
      for (String db : DATABASES) {
        try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + db + "'")) {
          if (rs.next()) {
            continue;
          }
        }
        s.execute("create database " + db);
      }
    }
  }

  @Override
  public List<String[]> endpoints(StackContext ctx) {
    return List.<String[]>of(new String[] {"PostgreSQL", jdbcUrl(ctx.layout(), "<" + String.join("|", DATABASES) + ">")
        + "  (user " + USER + ", password " + PASSWORD + ")"});
  }
}
