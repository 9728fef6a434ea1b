package com.bookiji.availability.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drives expiry from the database, in every instance: each sweep expires what is due now (holds
 * that fell due while the service was down included, so they expire right after start), batch
 * by batch until nothing is due. The sweep interval bounds how late a hold expires.
 */
@Component
public class HoldExpiryScheduler {

  private static final Logger log = LoggerFactory.getLogger(HoldExpiryScheduler.class);

  private final HoldService holds;
  private final AvailabilityProperties properties;

  public HoldExpiryScheduler(HoldService holds, AvailabilityProperties properties) {
    this.holds = holds;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${bookiji.availability.expiry-interval:200ms}",
      initialDelayString = "0")
  public void sweep() {
    try {
      int batch = properties.expiryBatchSize();
      int expired;
      do {
        expired = holds.expireDue(batch);
      } while (expired == batch);
    } catch (RuntimeException e) {
      // The next sweep retries: a due hold stays due until someone expires it.
      log.warn("hold expiry sweep failed: {}", e.toString());
    }
  }
}
