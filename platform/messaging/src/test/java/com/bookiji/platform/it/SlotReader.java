package com.bookiji.platform.it;

import com.bookiji.platform.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * A logical replication connection reading a slot, named as the test wants: "Debezium Streaming"
 * for a connection a relay left behind, anything else for a reader that is not the relay. It
 * answers the server's keep-alives while {@link #keepAlive()} is called.
 */
final class SlotReader implements AutoCloseable {

  private final Connection connection;
  private final PGReplicationStream stream;
  private final int pid;

  private SlotReader(Connection connection, PGReplicationStream stream, int pid) {
    this.connection = connection;
    this.stream = stream;
    this.pid = pid;
  }

  static SlotReader open(TestDatabase db, String slot, String applicationName) throws SQLException {
    Properties props = new Properties();
    PGProperty.USER.set(props, db.username());
    if (db.password() != null) {
      PGProperty.PASSWORD.set(props, db.password());
    }
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    PGProperty.APPLICATION_NAME.set(props, applicationName);
    Connection c = DriverManager.getConnection(db.jdbcUrl(), props);
    int pid;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI()
        .replicationStream().logical().withSlotName(slot)
        .withSlotOption("proto_version", 1)
        .withSlotOption("publication_names", "bookiji_outbox")
        .withStatusInterval(1, TimeUnit.SECONDS)
        .start();
    return new SlotReader(c, stream, pid);
  }

  int pid() { return pid; }

  /** Reads whatever is pending (and so answers keep-alives); never blocks. */
  void keepAlive() throws SQLException {
    while (stream.readPending() != null) {
      // the content does not matter
    }
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (SQLException e) {
      // the server may have ended it already
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // same
    }
  }
}
