package com.bookiji.reconciler.observation.persistence;

import com.bookiji.reconciler.observation.application.ObservedMessageStore;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code observed_messages}: one row per event id, the payload as jsonb (Avro JSON encoding), headers as JSON text. */
@Repository
public class JdbcObservedMessageStore implements ObservedMessageStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {};

  private static final int REPLAY_PAGE = 1000;

  private final JdbcClient jdbc;

  public JdbcObservedMessageStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean add(ObservedMessage m) {
    return jdbc.sql("""
            insert into observed_messages (topic, kafka_partition, kafka_offset, message_key, reservation_id,
                event_id, event_type, payload, headers, occurred_at, observed_at)
            values (:topic, :partition, :offset, :key, :reservationId,
                :eventId, :eventType, cast(:payload as jsonb), :headers, :occurredAt, :observedAt)
            on conflict (event_id) do nothing
            """)
        .param("topic", m.topic())
        .param("partition", m.partition())
        .param("offset", m.offset())
        .param("key", m.key())
        .param("reservationId", m.reservationId())
        .param("eventId", m.eventId())
        .param("eventType", m.eventType())
        .param("payload", m.payloadJson())
        .param("headers", JSON.writeValueAsString(m.headers()))
        .param("occurredAt", m.occurredAt() == null ? null : Timestamp.from(m.occurredAt()))
        .param("observedAt", Timestamp.from(m.observedAt()))
        .update() == 1;
  }

  @Override
  public List<ObservedMessage> byReservation(String reservationId) {
    return jdbc.sql("""
            select * from observed_messages where reservation_id = :id
            order by coalesce(occurred_at, observed_at), observed_at, id
            """)
        .param("id", reservationId)
        .query(JdbcObservedMessageStore::row)
        .list();
  }

  @Override
  public Map<String, Long> countByEventType() {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql("select event_type, count(*) as n from observed_messages group by event_type order by event_type")
        .query(rs -> {
          counts.put(rs.getString("event_type"), rs.getLong("n"));
        });
    return counts;
  }

  @Override
  public List<String> reservationsMentioning(String value, int limit) {
    return jdbc.sql("""
            select reservation_id from observed_messages
            where reservation_id is not null and reservation_id <> ''
              and (reservation_id = :value or message_key = :value
                   or jsonb_path_exists(payload, '$.** ? (@ == $v)', jsonb_build_object('v', cast(:value as text))))
            group by reservation_id order by max(id) desc limit :limit
            """)
        .param("value", value)
        .param("limit", limit)
        .query(String.class)
        .list();
  }

  @Override
  public List<String> reservationsBetween(String topic, int partition, long fromOffset, long toOffset) {
    return jdbc.sql("""
            select distinct reservation_id from observed_messages
            where topic = :topic and kafka_partition = :partition
              and kafka_offset >= :from and kafka_offset < :to
              and reservation_id is not null and reservation_id <> ''
            """)
        .param("topic", topic)
        .param("partition", partition)
        .param("from", fromOffset)
        .param("to", toOffset)
        .query(String.class)
        .list();
  }

  @Override
  public List<ObservedMessage> byEventType(String eventType, int limit) {
    return jdbc.sql("select * from observed_messages where event_type = :type order by id desc limit :limit")
        .param("type", eventType)
        .param("limit", limit)
        .query(JdbcObservedMessageStore::row)
        .list();
  }

  @Override
  public Optional<ObservedMessage> at(String topic, int partition, long offset) {
    return jdbc.sql("""
            select * from observed_messages where topic = :topic and kafka_partition = :partition
            and kafka_offset = :offset order by id limit 1""")
        .param("topic", topic)
        .param("partition", partition)
        .param("offset", offset)
        .query(JdbcObservedMessageStore::row)
        .optional();
  }

  @Override
  public void replay(Consumer<ObservedMessage> each) {
    long after = 0;
    while (true) {
      List<Map.Entry<Long, ObservedMessage>> page = jdbc.sql(
              "select * from observed_messages where id > :after order by id limit :limit")
          .param("after", after)
          .param("limit", REPLAY_PAGE)
          .query((rs, n) -> Map.entry(rs.getLong("id"), row(rs, n)))
          .list();
      page.forEach(e -> each.accept(e.getValue()));
      if (page.size() < REPLAY_PAGE) {
        return;
      }
      after = page.get(page.size() - 1).getKey();
    }
  }

  private static ObservedMessage row(ResultSet rs, int rowNum) throws SQLException {
    Timestamp occurredAt = rs.getTimestamp("occurred_at");
    return new ObservedMessage(
        rs.getString("topic"),
        rs.getInt("kafka_partition"),
        rs.getLong("kafka_offset"),
        rs.getString("message_key"),
        rs.getString("reservation_id"),
        rs.getObject("event_id", UUID.class),
        rs.getString("event_type"),
        rs.getString("payload"),
        JSON.readValue(rs.getString("headers"), HEADERS),
        occurredAt == null ? null : occurredAt.toInstant(),
        rs.getTimestamp("observed_at").toInstant());
  }
}
