package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.ExternalInbox;
import com.bookiji.platform.inbox.ExternalMessage;
import java.sql.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link ExternalInbox} on the {@code inbox_external} table (platform migration V0_3). */
public final class JdbcExternalInbox implements ExternalInbox {

  private static final String INSERT = """
      INSERT INTO inbox_external (consumer, external_id, message_type, subject, occurred_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (consumer, external_id) DO NOTHING""";

  private final JdbcTemplate jdbc;

  public JdbcExternalInbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean record(ExternalMessage message) {
    return jdbc.update(INSERT, message.consumer(), message.externalId(), message.type(),
        message.subject(),
        message.occurredAt() == null ? null : Timestamp.from(message.occurredAt())) == 1;
  }

  @Override
  public boolean seen(String consumer, String externalId) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "SELECT EXISTS (SELECT 1 FROM inbox_external WHERE consumer = ? AND external_id = ?)",
        Boolean.class, consumer, externalId));
  }
}
