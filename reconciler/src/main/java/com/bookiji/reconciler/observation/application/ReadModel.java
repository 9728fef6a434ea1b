package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The one typed model of this instance, a projection of {@code observed_messages}: folded from it at
 * start, then fed each message once its observation committed. {@code version} moves with every new
 * fact, so the audit knows when something relevant happened.
 */
@Component
public class ReadModel {

  private AuditModel model = new AuditModel();
  private final AtomicLong version = new AtomicLong();

  public synchronized void apply(UUID eventId, Fact fact) {
    if (model.apply(eventId, fact)) {
      version.incrementAndGet();
    }
  }

  public synchronized ModelSnapshot snapshot() {
    return model.snapshot();
  }

  public long version() {
    return version.get();
  }

  synchronized void reset() {
    model = new AuditModel();
    version.incrementAndGet();
  }
}
