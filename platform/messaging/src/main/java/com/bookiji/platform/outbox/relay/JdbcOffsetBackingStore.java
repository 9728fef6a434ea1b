package com.bookiji.platform.outbox.relay;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium source offsets in table {@code relay_offsets} of the relayed database itself, so the
 * relay's position survives restarts and moves with the database (debezium-storage-jdbc has no
 * release for this Debezium version). The engine instantiates it by class name and passes its own
 * configuration: {@value #URL}, {@value #USER}, {@value #PASSWORD}, {@value #RELAY_NAME}.
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {

  public static final String URL = "bookiji.offsets.jdbc.url";
  public static final String USER = "bookiji.offsets.jdbc.user";
  public static final String PASSWORD = "bookiji.offsets.jdbc.password";
  public static final String RELAY_NAME = "bookiji.offsets.relay.name";

  private String url;
  private String user;
  private String password;
  private String relayName;
  /** Used only on the store's single executor thread (save) and in start/stop. */
  private Connection connection;

  @Override
  public void configure(WorkerConfig config) {
    super.configure(config);
    Map<String, String> originals = config.originalsStrings();
    url = require(originals, URL);
    user = originals.get(USER);
    password = originals.get(PASSWORD);
    relayName = require(originals, RELAY_NAME);
  }

  private static String require(Map<String, String> config, String key) {
    String value = config.get(key);
    if (value == null || value.isBlank()) {
      throw new ConnectException("JdbcOffsetBackingStore needs " + key);
    }
    return value;
  }

  @Override
  public synchronized void start() {
    super.start();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT offset_key, offset_value FROM relay_offsets WHERE relay_name = ?")) {
      ps.setString(1, relayName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] value = rs.getBytes(2);
          data.put(ByteBuffer.wrap(rs.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
        }
      }
    } catch (SQLException e) {
      throw new ConnectException("cannot load relay offsets of " + relayName, e);
    }
  }

  @Override
  public synchronized void stop() {
    super.stop();
    closeConnection();
  }

  /**
   * Called on the store's executor after every {@code set}: persist the whole (tiny) map. The
   * engine waits for this between batches, so it keeps one connection rather than opening one
   * per flush.
   */
  @Override
  protected void save() {
    try {
      saveOnce();
    } catch (SQLException first) {
      closeConnection(); // stale connection (e.g. database restarted): one retry on a new one
      try {
        saveOnce();
      } catch (SQLException e) {
        closeConnection();
        throw new ConnectException("cannot save relay offsets of " + relayName, e);
      }
    }
  }

  private void saveOnce() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connect();
      connection.setAutoCommit(false);
    }
    Connection c = connection;
    try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO relay_offsets (relay_name, offset_key, offset_value, updated_at)
            VALUES (?, ?, ?, clock_timestamp())
            ON CONFLICT (relay_name, offset_key)
            DO UPDATE SET offset_value = EXCLUDED.offset_value, updated_at = EXCLUDED.updated_at""")) {
      for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
        ps.setString(1, relayName);
        ps.setBytes(2, bytes(e.getKey()));
        ps.setBytes(3, e.getValue() == null ? null : bytes(e.getValue()));
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is replaced by the caller
      }
      throw e;
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
      connection = null;
    }
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }

  /**
   * A stalled database must not hold the engine's offset flush (and so its close) forever: the
   * statement fails after the socket timeout and the next flush uses a new connection.
   */
  private Connection connect() throws SQLException {
    java.util.Properties p = new java.util.Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "bookiji-outbox-relay-offsets");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("connectTimeout", "10");
    p.setProperty("loginTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url, p);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
