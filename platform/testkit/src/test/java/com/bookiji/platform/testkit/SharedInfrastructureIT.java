package com.bookiji.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedInfrastructureIT {

  private final TestInfrastructure infra = TestInfrastructure.shared();

  @Test
  @DisplayName("the shared PostgreSQL server hands out fresh databases with logical decoding enabled")
  void freshDatabasesWithLogicalDecoding() throws Exception {
    TestDatabase a = infra.createDatabase("testkit");
    TestDatabase b = infra.createDatabase("testkit");
    assertThat(a.name()).isNotEqualTo(b.name());
    try (Connection c = a.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW wal_level")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("logical");
    }
    assertThat(infra.springProperties(a)).containsEntry("spring.datasource.url", a.jdbcUrl())
        .containsEntry("spring.kafka.bootstrap-servers", infra.bootstrapServers());
  }

  @Test
  @DisplayName("the schema registry answers")
  void registryAnswers() {
    assertThat(new com.bookiji.schemas.registry.SchemaRegistryClient(infra.schemaRegistryUrl())
        .schemaTypes()).contains("AVRO");
  }

  @Test
  @DisplayName("a record produced to the shared broker is read back by the topic probe with its headers")
  void probeReadsWhatWasProduced() throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>("testkit.probe", "k1",
          new byte[] {1, 2, 3});
      record.headers().add("eventId", "e-1".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    }
    var records = infra.topicProbe().awaitRecords("testkit.probe", r -> "k1".equals(r.key()), 1,
        Duration.ofSeconds(30));
    assertThat(records.get(0).header("eventId")).isEqualTo("e-1");
    assertThat(records.get(0).value()).containsExactly(1, 2, 3);
  }
}
