package com.bookiji.payment.persistence;

import com.bookiji.payment.application.ProcessedWebhooks;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stripe webhook events already handled, by Stripe event id (the webhook inbox). */
@Repository
public class WebhookEventLog implements ProcessedWebhooks {

  private final NamedParameterJdbcTemplate jdbc;

  public WebhookEventLog(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean seen(String eventId) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from stripe_webhook_events where event_id = :id)",
        new MapSqlParameterSource("id", eventId), Boolean.class));
  }

  @Override
  public boolean firstDelivery(String eventId, String type, String objectId, Instant created,
      Instant receivedAt) {
    return jdbc.update("""
        insert into stripe_webhook_events (event_id, event_type, object_id, stripe_created_at,
          received_at)
        values (:id, :type, :obj, :created, :received)
        on conflict (event_id) do nothing""",
        new MapSqlParameterSource("id", eventId).addValue("type", type)
            .addValue("obj", objectId).addValue("created", JdbcPaymentStore.ts(created))
            .addValue("received", JdbcPaymentStore.ts(receivedAt))) == 1;
  }
}
