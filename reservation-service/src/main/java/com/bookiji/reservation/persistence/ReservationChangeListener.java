package com.bookiji.reservation.persistence;

import com.bookiji.reservation.application.ReservationChanged;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Turns PostgreSQL notifications on {@value JdbcReservationStore#CHANGES_CHANNEL} (sent by every
 * committed saga step, of any instance) into {@link ReservationChanged} events in this instance:
 * server-sent events are pushed from the change, no subscriber polls the database. One connection
 * per instance LISTENs; after it is lost, listeners are told to re-read everything once.
 */
@Component
public class ReservationChangeListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReservationChangeListener.class);
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final ApplicationEventPublisher events;
  private volatile boolean running;
  private Thread thread;

  public ReservationChangeListener(DataSource dataSource, ApplicationEventPublisher events) {
    this.dataSource = dataSource;
    this.events = events;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::listen, "reservation-changes");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    boolean first = true;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + JdbcReservationStore.CHANGES_CHANNEL);
        }
        if (!first) {
          events.publishEvent(ReservationChanged.anyMayHaveChanged());
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] received = pg.getNotifications(1000);
          if (received != null) {
            for (PGNotification n : received) {
              events.publishEvent(new ReservationChanged(n.getParameter()));
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("listening for reservation changes failed; reconnecting", e);
          first = false;
          try {
            Thread.sleep(RECONNECT_DELAY.toMillis()); // a reconnect back-off, not synchronisation
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }
}
