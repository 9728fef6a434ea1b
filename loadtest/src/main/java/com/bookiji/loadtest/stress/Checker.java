package com.bookiji.loadtest.stress;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * The independent verdict. Reads the services' own databases over JDBC, the simulator's objects and
 * request log over its HTTP API and the topics with a plain Kafka consumer; it shares no code with
 * the reconciler (whose answers are one of the things judged, in part 5). Each check names its
 * violations; a check that cannot read its source is a violation too (nothing unknown passes).
 */
public final class Checker {

  public enum Severity { CRITICAL, HIGH }

  /** One line of the severity assessment: clean, or the violations found. */
  public record Check(String name, Severity severity, List<String> violations) {
    public boolean clean() {
      return violations.isEmpty();
    }
  }

  private final StressStack stack;
  private final StressApi api;
  /** Dead letters of the suite's own stray messages (expected; not counted against the system). */
  private long strayDeadLetters;

  public Checker(StressStack stack, StressApi api) {
    this.stack = stack;
    this.api = api;
  }

  /** The facts, read once: reservations, holds, bookings, payments, intents, capture requests, dead letters. */
  record Facts(Map<String, Map<String, Object>> reservations, List<Map<String, Object>> liveHolds,
      Map<String, Integer> activeBookingsBySlot, Map<String, String> activeBookingByReservation,
      Map<String, List<Map<String, Object>>> paymentsByReservation, List<JsonNode> intents,
      Map<String, Integer> executedCaptures, Map<String, Long> deadLetters) {}

  public List<Check> run(StressLog log) {
    Facts f;
    try {
      f = read();
    } catch (Exception e) {
      log.line("CHECKER could not read the facts: %s", e);
      return List.of(new Check("facts readable (databases, simulator, topics)", Severity.CRITICAL,
          List.of("could not read: " + e)));
    }
    List<Check> checks = List.of(
        doubleBooking(f), capturedWithoutBooking(f), authorizationLeftOpen(f), multipleCaptures(f),
        orphanIntents(f), slotsBlocked(f), paymentIdempotency(f), compensation(f), deadLetters(f));
    for (Check c : checks) {
      log.line("CHECK %-45s %-8s %s", c.name(), c.severity(), c.clean() ? "clean" : c.violations().size() + " violation(s): "
          + String.join("; ", c.violations().subList(0, Math.min(5, c.violations().size()))));
    }
    log.line("CHECKER read %d reservations, %d payment intents, %d live holds; %d dead letter(s) of the suite's own stray messages (expected)",
        f.reservations().size(), f.intents().size(), f.liveHolds().size(), strayDeadLetters);
    return checks;
  }

  Facts read() throws Exception {
    Map<String, Map<String, Object>> reservations = new LinkedHashMap<>();
    try (Connection c = connect("reservation")) {
      for (Map<String, Object> r : rows(c, "select id, slot_id, state, terminal, state_entered_at, payment_intent_id from reservations")) {
        reservations.put((String) r.get("id"), r);
      }
    }
    List<Map<String, Object>> liveHolds;
    Map<String, Integer> bookingsBySlot = new HashMap<>();
    Map<String, String> bookingByReservation = new HashMap<>();
    try (Connection c = connect("availability")) {
      liveHolds = rows(c, "select id::text as id, slot_id::text as slot_id, reservation_id, status, "
          + "extract(epoch from (now() - expires_at)) as seconds_past_expiry from holds where status = 'ACTIVE'");
      for (Map<String, Object> b : rows(c, "select slot_id::text as slot_id, reservation_id from bookings where status = 'ACTIVE'")) {
        bookingsBySlot.merge((String) b.get("slot_id"), 1, Integer::sum);
        bookingByReservation.put((String) b.get("reservation_id"), (String) b.get("slot_id"));
      }
    }
    Map<String, List<Map<String, Object>>> payments = new HashMap<>();
    try (Connection c = connect("payment")) {
      for (Map<String, Object> p : rows(c, "select reservation_id, attempt, status, payment_intent_id from payments")) {
        payments.computeIfAbsent((String) p.get("reservation_id"), k -> new ArrayList<>()).add(p);
      }
    }
    List<JsonNode> intents = new ArrayList<>();
    var listed = api.sim("GET", "/_sim/payment_intents", null);
    StressApi.expectOk(listed, "GET /_sim/payment_intents");
    listed.json().forEach(intents::add);
    Map<String, Integer> captures = new HashMap<>();
    var requests = api.sim("GET", "/_sim/requests?method=POST&path_prefix=/v1/payment_intents/", null);
    StressApi.expectOk(requests, "GET /_sim/requests");
    for (JsonNode r : requests.json()) {
      String path = r.path("path").asString("");
      // Carried out: 2xx, or applied with the response lost; never an idempotent replay.
      boolean applied = !r.path("replayed").asBoolean(false)
          && (r.path("status").asInt() / 100 == 2 || "APPLIED_RESPONSE_LOST".equals(r.path("fault").asString("")));
      if (path.endsWith("/capture") && applied) {
        captures.merge(path.split("/")[3], 1, Integer::sum);
      }
    }
    return new Facts(reservations, liveHolds, bookingsBySlot, bookingByReservation, payments, intents, captures, deadLetters());
  }

  /** Every record on every {@code *-dlt} topic but the suite's own strays', read from the beginning by a consumer of its own. */
  private Map<String, Long> deadLetters() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "stress-checker-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Long> counts = new LinkedHashMap<>();
    Set<String> strayKeys = api.strays().keys();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(20));
      List<TopicPartition> partitions = new ArrayList<>();
      topics.forEach((topic, infos) -> {
        if (topic.endsWith("-dlt")) {
          infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
      });
      if (partitions.isEmpty()) {
        return counts;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(20));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Set<TopicPartition> done = new HashSet<>();
      while (done.size() < partitions.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          // A stray message the suite itself published behind the services' back is expected to be
          // dead-lettered (3.4); every other dead letter is the system's own.
          String key = r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
          if (strayKeys.contains(key)) {
            strayDeadLetters++;
          } else {
            counts.merge(r.topic(), 1L, Long::sum);
          }
        });
        for (TopicPartition tp : partitions) {
          if (consumer.position(tp) >= end.get(tp)) {
            done.add(tp);
          }
        }
      }
    }
    return counts;
  }

  private Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(stack.jdbcUrl(database), props);
  }

  private static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  // ---- the checks ----

  private static Check doubleBooking(Facts f) {
    List<String> v = new ArrayList<>();
    f.activeBookingsBySlot().forEach((slot, n) -> {
      if (n > 1) {
        v.add("slot " + slot + " has " + n + " active bookings");
      }
    });
    Map<String, List<String>> confirmedBySlot = new HashMap<>();
    f.reservations().values().stream().filter(r -> "CONFIRMED".equals(r.get("state")))
        .forEach(r -> confirmedBySlot.computeIfAbsent((String) r.get("slot_id"), k -> new ArrayList<>()).add((String) r.get("id")));
    confirmedBySlot.forEach((slot, ids) -> {
      if (ids.size() > 1) {
        v.add("slot " + slot + " has " + ids.size() + " CONFIRMED reservations " + ids);
      }
    });
    return new Check("double booking", Severity.CRITICAL, v);
  }

  private static String reservationOf(JsonNode intent) {
    return intent.path("metadata").path("reservation_id").asString("");
  }

  private static long netCaptured(JsonNode intent) {
    // A cancelled authorization's charge reads "refunded" too: only money received can be refunded.
    long received = intent.path("amount_received").asLong(0);
    return received - Math.min(received, intent.path("latest_charge").path("amount_refunded").asLong(0));
  }

  private static Check capturedWithoutBooking(Facts f) {
    List<String> v = new ArrayList<>();
    for (JsonNode pi : f.intents()) {
      if (netCaptured(pi) <= 0) {
        continue;
      }
      String rid = reservationOf(pi);
      Map<String, Object> r = f.reservations().get(rid);
      if (r == null || !"CONFIRMED".equals(r.get("state")) || !f.activeBookingByReservation().containsKey(rid)) {
        v.add(pi.path("id").asString() + " holds " + netCaptured(pi) + " captured for reservation " + rid + " ("
            + (r == null ? "unknown" : r.get("state")) + ", booking " + (f.activeBookingByReservation().containsKey(rid) ? "active" : "none") + ")");
      }
    }
    return new Check("money leakage: captured without booking", Severity.CRITICAL, v);
  }

  private static Check authorizationLeftOpen(Facts f) {
    List<String> v = new ArrayList<>();
    for (JsonNode pi : f.intents()) {
      if (!"requires_capture".equals(pi.path("status").asString())) {
        continue;
      }
      Map<String, Object> r = f.reservations().get(reservationOf(pi));
      if (r == null || Boolean.TRUE.equals(r.get("terminal"))) {
        v.add(pi.path("id").asString() + " authorized and still open; reservation " + reservationOf(pi) + " is "
            + (r == null ? "unknown" : r.get("state")));
      }
    }
    return new Check("money leakage: authorization left open", Severity.CRITICAL, v);
  }

  private static Check multipleCaptures(Facts f) {
    List<String> v = new ArrayList<>();
    f.executedCaptures().forEach((pi, n) -> {
      if (n > 1) {
        v.add(pi + " captured " + n + " times");
      }
    });
    Map<String, Integer> capturedIntentsByReservation = new HashMap<>();
    f.intents().stream().filter(pi -> pi.path("amount_received").asLong(0) > 0)
        .forEach(pi -> capturedIntentsByReservation.merge(reservationOf(pi), 1, Integer::sum));
    capturedIntentsByReservation.forEach((r, n) -> {
      if (n > 1) {
        v.add("reservation " + r + " has " + n + " captured intents");
      }
    });
    return new Check("money leakage: more than one capture", Severity.CRITICAL, v);
  }

  private static Check orphanIntents(Facts f) {
    List<String> v = new ArrayList<>();
    for (JsonNode pi : f.intents()) {
      String status = pi.path("status").asString();
      if (!f.reservations().containsKey(reservationOf(pi)) && !"canceled".equals(status)) {
        v.add(pi.path("id").asString() + " (" + status + ") maps to no reservation (metadata reservation_id '" + reservationOf(pi) + "')");
      }
    }
    return new Check("money leakage: orphan payment intent", Severity.CRITICAL, v);
  }

  private static Check slotsBlocked(Facts f) {
    List<String> v = new ArrayList<>();
    for (Map<String, Object> h : f.liveHolds()) {
      double past = ((Number) h.get("seconds_past_expiry")).doubleValue();
      if (past > 30) {
        v.add("hold " + h.get("id") + " on slot " + h.get("slot_id") + " still ACTIVE " + (long) past + " s after its expiry");
      }
      Map<String, Object> r = f.reservations().get((String) h.get("reservation_id"));
      if (r != null && Boolean.TRUE.equals(r.get("terminal"))) {
        v.add("hold " + h.get("id") + " on slot " + h.get("slot_id") + " still ACTIVE though reservation " + r.get("id") + " ended " + r.get("state"));
      }
    }
    f.activeBookingByReservation().forEach((rid, slot) -> {
      Map<String, Object> r = f.reservations().get(rid);
      if (r == null || !"CONFIRMED".equals(r.get("state"))) {
        v.add("slot " + slot + " booked for reservation " + rid + " which is " + (r == null ? "unknown" : r.get("state")));
      }
    });
    f.reservations().values().stream().filter(r -> !Boolean.TRUE.equals(r.get("terminal")))
        .forEach(r -> v.add("reservation " + r.get("id") + " still " + r.get("state") + " at the end of the run"));
    return new Check("slot permanently blocked (or saga never ended)", Severity.CRITICAL, v);
  }

  private static Check paymentIdempotency(Facts f) {
    List<String> v = new ArrayList<>();
    Map<String, Integer> intentsPerAttempt = new HashMap<>();
    for (JsonNode pi : f.intents()) {
      String key = reservationOf(pi) + "#" + pi.path("metadata").path("attempt").asString("1");
      intentsPerAttempt.merge(key, 1, Integer::sum);
    }
    intentsPerAttempt.forEach((k, n) -> {
      if (n > 1 && !k.startsWith("#")) {
        v.add("reservation attempt " + k + " has " + n + " PaymentIntents at Stripe");
      }
    });
    f.paymentsByReservation().forEach((rid, ps) -> {
      Set<Object> attempts = new HashSet<>();
      ps.forEach(p -> {
        if (!attempts.add(p.get("attempt"))) {
          v.add("reservation " + rid + " has two payments for attempt " + p.get("attempt"));
        }
      });
    });
    return new Check("payment idempotency", Severity.CRITICAL, v);
  }

  private static Check compensation(Facts f) {
    List<String> v = new ArrayList<>();
    Map<String, JsonNode> intentById = new HashMap<>();
    f.intents().forEach(pi -> intentById.put(pi.path("id").asString(), pi));
    for (Map<String, Object> r : f.reservations().values()) {
      if (!Boolean.TRUE.equals(r.get("terminal")) || "CONFIRMED".equals(r.get("state"))) {
        continue;
      }
      String rid = (String) r.get("id");
      for (Map<String, Object> p : f.paymentsByReservation().getOrDefault(rid, List.of())) {
        String status = (String) p.get("status");
        JsonNode pi = p.get("payment_intent_id") == null ? null : intentById.get((String) p.get("payment_intent_id"));
        if (pi != null && "requires_capture".equals(pi.path("status").asString())) {
          v.add("reservation " + rid + " ended " + r.get("state") + " but its authorization " + pi.path("id").asString()
              + " is open at Stripe (payment-service says " + status + ")");
        }
        if (List.of("AUTHORIZATION_PENDING", "AUTHORIZED", "CAPTURE_PENDING", "VOID_PENDING", "REFUND_PENDING", "PARKED").contains(status)) {
          v.add("reservation " + rid + " ended " + r.get("state") + " but its payment is still " + status);
        }
      }
    }
    return new Check("compensation executed", Severity.HIGH, v);
  }

  private static Check deadLetters(Facts f) {
    List<String> v = new ArrayList<>();
    f.deadLetters().forEach((topic, n) -> v.add(n + " record(s) on " + topic));
    return new Check("nothing dead-lettered", Severity.HIGH, v);
  }
}
