package com.bookiji.platform.outbox.relay;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Waiting for Kafka to acknowledge every record sent: the relay deletes and commits nothing before. */
final class Acknowledgements {

  private static final long ACKNOWLEDGEMENT_TIMEOUT_SECONDS = 60;

  private Acknowledgements() {}

  /**
   * Flushes {@code producer} and waits for each send; {@code failure} (what happens next) is the
   * message of the {@code IllegalStateException} thrown when one is not acknowledged.
   */
  static void await(KafkaProducer<?, ?> producer, List<Future<RecordMetadata>> sends,
      String failure) throws InterruptedException {
    producer.flush();
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get(ACKNOWLEDGEMENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(failure, e);
      }
    }
  }
}
