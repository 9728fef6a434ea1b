package com.bookiji.reservation.it;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.schemas.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plays availability-service and payment-service on the real broker: reads the commands the
 * reservation service sends and publishes the events those services would answer with.
 */
public final class OtherServices implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(120);

  private final TestInfrastructure infra = TestInfrastructure.shared();
  private final TopicProbe probe = infra.topicProbe();
  private final RelayPublisher relay = new RelayPublisher(infra);

  /** Waits until the reservation service has sent {@code count} commands of {@code type} for this reservation. */
  public <T extends SpecificRecord> List<T> awaitCommands(String reservationId, Class<T> type, int count) {
    Topic topic = Topic.carrying(type);
    return probe.awaitRecords(topic.topicName(), r -> reservationId.equals(r.key()) && isA(r, type), count, WAIT)
        .stream().map(r -> type.cast(r.payload())).toList();
  }

  public <T extends SpecificRecord> T awaitCommand(String reservationId, Class<T> type) {
    return awaitCommands(reservationId, type, 1).get(0);
  }

  public <T extends SpecificRecord> long count(String reservationId, Class<T> type) {
    return probe.readAll(Topic.carrying(type).topicName()).stream()
        .filter(r -> reservationId.equals(r.key()) && isA(r, type)).count();
  }

  public List<ProbedRecord> records(Topic topic, String reservationId) {
    return probe.readAll(topic.topicName()).stream().filter(r -> reservationId.equals(r.key())).toList();
  }

  /**
   * Commands of {@code type} the reservation service decided to send: distinct event ids (a relay
   * may deliver a record again after a crash).
   */
  public long distinctCommands(String reservationId, Topic topic, Class<?> type) {
    return records(topic, reservationId).stream()
        .filter(r -> type.getSimpleName().equals(r.header(MessageHeaders.EVENT_TYPE)))
        .map(r -> r.header(MessageHeaders.EVENT_ID)).distinct().count();
  }

  public TopicProbe probe() {
    return probe;
  }

  private static boolean isA(ProbedRecord r, Class<?> type) {
    return type.getSimpleName().equals(r.header(MessageHeaders.EVENT_TYPE)) || type.isInstance(r.payload());
  }

  /** Publishes an event as its owning service's outbox relay would. */
  public void publish(String reservationId, SpecificRecord event) {
    relay.publish(reservationId, event);
  }

  @Override
  public void close() {
    relay.close();
  }
}
