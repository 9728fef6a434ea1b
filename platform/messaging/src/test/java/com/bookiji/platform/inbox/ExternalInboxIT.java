package com.bookiji.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.inbox.internal.InboxJanitor;
import com.bookiji.platform.inbox.internal.JdbcExternalInbox;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@DisplayName("External inbox: messages named by their sender's id (webhooks), applied once, purged with the inbox")
class ExternalInboxIT {

  static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

  static JdbcTemplate jdbc;
  static ExternalInbox inbox;
  static TransactionTemplate transaction;

  @BeforeAll
  static void database() {
    TestDatabase db = TestInfrastructure.shared().createDatabase("external_inbox");
    // The platform's migrations as PlatformSchema applies them: own location, own history table.
    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/platform")
        .table("platform_schema_history").load().migrate();
    jdbc = new JdbcTemplate(db.dataSource());
    inbox = new JdbcExternalInbox(jdbc);
    transaction = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
  }

  static ExternalMessage stripeEvent(String consumer, String id) {
    return new ExternalMessage(consumer, id, "payment_intent.succeeded", "pi_1", CREATED);
  }

  @Test
  @DisplayName("a Stripe event id is recorded once: the redelivery is recognised, another consumer has its own inbox")
  void recordedOnce() {
    assertThat(inbox.seen("stripe-webhooks", "evt_1")).isFalse();

    assertThat(inbox.record(stripeEvent("stripe-webhooks", "evt_1"))).isTrue();
    assertThat(inbox.record(stripeEvent("stripe-webhooks", "evt_1"))).isFalse();

    assertThat(inbox.seen("stripe-webhooks", "evt_1")).isTrue();
    assertThat(inbox.record(stripeEvent("other-consumer", "evt_1"))).isTrue();
    assertThat(jdbc.queryForObject("SELECT subject || ' ' || message_type FROM inbox_external"
        + " WHERE consumer = 'stripe-webhooks' AND external_id = 'evt_1'", String.class))
        .isEqualTo("pi_1 payment_intent.succeeded");
  }

  @Test
  @DisplayName("the record joins the caller's transaction: rolled back with the effect, the event is not seen")
  void joinsTheTransaction() {
    transaction.executeWithoutResult(status -> {
      assertThat(inbox.record(stripeEvent("stripe-webhooks", "evt_rolled_back"))).isTrue();
      status.setRollbackOnly();
    });

    assertThat(inbox.seen("stripe-webhooks", "evt_rolled_back")).isFalse();
    assertThat(inbox.record(stripeEvent("stripe-webhooks", "evt_rolled_back"))).isTrue();
  }

  @Test
  @DisplayName("the inbox janitor purges external rows older than the retention with the Kafka inbox's, recent ones stay")
  void purgedByTheJanitor() {
    jdbc.update("""
        INSERT INTO inbox_external (consumer, external_id, processed_at)
        VALUES ('retention', 'evt_old', now() - interval '30 days'),
               ('retention', 'evt_recent', now())""");

    int purged = new InboxJanitor(jdbc, Duration.ofDays(14), Duration.ofHours(1)).purge();

    assertThat(purged).isGreaterThanOrEqualTo(1);
    assertThat(inbox.seen("retention", "evt_old")).isFalse();
    assertThat(inbox.seen("retention", "evt_recent")).isTrue();
  }
}
