package com.bookiji.platform.outbox.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Publishes one Debezium batch of outbox rows to Kafka and marks it processed only after Kafka
 * acknowledged all of it, then deletes the relayed rows. What the batch means for the relay (that
 * it streams, and up to when) goes back to the engine run it serves.
 */
final class BatchPublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

  /** The engine run a publisher serves, as the relay sees it. */
  interface EngineRunState {

    /** The relay gave this engine up: it must publish and commit nothing. */
    boolean givenUp();

    /** The process is dying: nothing in flight may be acknowledged. */
    boolean crashing();

    /**
     * A batch was published, its rows deleted and its offsets marked: the stream has delivered up
     * to {@code deliveredUpTo} (null when the batch held no change event and no heartbeat).
     */
    void delivered(Instant deliveredUpTo);

    /** "engine #3 of the outbox relay for payment", for errors. */
    String description();
  }

  private final String outboxTopic;
  private final KafkaProducer<String, byte[]> producer;
  private final RelayedRowDeleter deleter;
  private final RelayHooks hooks;
  private final Counter relayed;
  private final Clock clock;
  private final EngineRunState run;

  BatchPublisher(String outboxTopic, KafkaProducer<String, byte[]> producer, RelayedRowDeleter deleter,
      RelayHooks hooks, Counter relayed, Clock clock, EngineRunState run) {
    this.outboxTopic = outboxTopic;
    this.producer = producer;
    this.deleter = deleter;
    this.hooks = hooks;
    this.relayed = relayed;
    this.clock = clock;
    this.run = run;
  }

  @Override
  public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    if (run.givenUp()) {
      // An engine this relay gave up on publishes and commits nothing: it is to die.
      throw new IllegalStateException(run.description() + " was given up");
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
    List<RelayedRowDeleter.RelayedRow> relayedRows = new ArrayList<>(records.size());
    Instant deliveredUpTo = null;
    for (RecordChangeEvent<SourceRecord> event : records) {
      SourceRecord source = event.record();
      if (!(source.value() instanceof Struct value)) {
        continue; // tombstones
      }
      if (!outboxTopic.equals(source.topic())) {
        continue; // heartbeats
      }
      String op = value.getString("op");
      if (!"c".equals(op) && !"r".equals(op)) {
        continue; // our own deletes (skipped upstream as well)
      }
      Struct sourceInfo = value.getStruct("source");
      Long commitMillis = sourceInfo.getInt64("ts_ms");
      if (commitMillis != null) {
        deliveredUpTo = Instant.ofEpochMilli(commitMillis);
      }
      OutboxRecord row = OutboxRecord.fromChangeEvent(value.getStruct("after"));
      relayedRows.add(new RelayedRowDeleter.RelayedRow(row.id(),
          "c".equals(op) ? sourceInfo.getInt64("txId") : null));
      sends.add(producer.send(row.toProducerRecord()));
    }
    if (deliveredUpTo == null && !records.isEmpty()) {
      // Only heartbeats: the stream has nothing queued, it is caught up to now.
      deliveredUpTo = clock.instant();
    }
    Acknowledgements.await(producer, sends, "Kafka did not acknowledge an outbox record; the batch "
        + "will be re-streamed");
    hooks.afterBatchAcknowledged(sends.size(), (long) relayed.count());
    if (run.crashing()) {
      // Dying mid-batch: acknowledge nothing, the next active relay re-streams it.
      throw new InterruptedException("relay stopping before commit of a batch");
    }
    deleter.delete(relayedRows);
    for (RecordChangeEvent<SourceRecord> event : records) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
    relayed.increment(sends.size());
    run.delivered(deliveredUpTo);
  }
}
