package com.bookiji.reconciler.observation.messaging;

import com.bookiji.reconciler.observation.application.KafkaOffsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** Offsets through Kafka's AdminClient: committed offsets of every group, end offsets of their partitions. */
@Component
public class AdminClientOffsets implements KafkaOffsets, DisposableBean {

  private static final long TIMEOUT_SECONDS = 10;
  private final Admin admin;

  public AdminClientOffsets(KafkaAdmin kafkaAdmin) {
    this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  @Override
  public Reading read() {
    try {
      Map<String, Map<String, Long>> committedByGroup = new HashMap<>();
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
            .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> offsets = new HashMap<>();
        committed.forEach((tp, om) -> {
          if (om != null) {
            offsets.put(key(tp), om.offset());
            partitions.put(tp, OffsetSpec.latest());
          }
        });
        committedByGroup.put(group.groupId(), offsets);
      }
      Map<String, Long> ends = new HashMap<>();
      if (!partitions.isEmpty()) {
        Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(partitions).all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        latest.forEach((tp, info) -> ends.put(key(tp), info.offset()));
      }
      Set<String> withMembers = new HashSet<>();
      if (!committedByGroup.isEmpty()) {
        admin.describeConsumerGroups(committedByGroup.keySet()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .forEach((group, description) -> {
              if (!description.members().isEmpty()) {
                withMembers.add(group);
              }
            });
      }
      return new Reading(ends, committedByGroup, withMembers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("reading offsets failed: " + e.getMessage(), e);
    }
  }

  private static String key(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
  }

  @Override
  public void destroy() {
    admin.close();
  }
}
