package com.bookiji.platform.inbox.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes inbox rows older than the retention, of the Kafka inbox and of the external one
 * ({@code inbox_external}, webhooks). A redelivery can only come from a record still in Kafka, or
 * from a sender still retrying (Stripe: up to 3 days), so the retention must exceed the topics'
 * retention (7 days by default) and the senders' retry window; 14 days leaves room. Every instance
 * may run it: the delete is idempotent.
 */
public final class InboxJanitor implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboxJanitor.class);

  private final JdbcTemplate jdbc;
  private final Duration retention;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  public InboxJanitor(JdbcTemplate jdbc, Duration retention, Duration interval) {
    this.jdbc = jdbc;
    this.retention = retention;
    this.interval = interval;
  }

  /** @return rows deleted, of the Kafka inbox and of the external one (webhooks) together */
  public int purge() {
    return purge("inbox") + purge("inbox_external");
  }

  private int purge(String table) {
    return jdbc.update("DELETE FROM " + table
        + " WHERE processed_at < clock_timestamp() - (? * interval '1 second')", retention.toSeconds());
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "inbox-janitor");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        int n = purge();
        if (n > 0) {
          log.info("purged {} inbox rows older than {}", n, retention);
        }
      } catch (RuntimeException e) {
        log.warn("inbox purge failed: {}", e.toString());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() { return scheduler != null; }
}
