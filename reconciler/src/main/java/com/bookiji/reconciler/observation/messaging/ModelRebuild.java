package com.bookiji.reconciler.observation.messaging;

import com.bookiji.reconciler.observation.application.Observations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Folds {@code observed_messages} into the typed model before the inbox consumers start. */
@Component
public class ModelRebuild implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ModelRebuild.class);

  private final Observations observations;
  private volatile boolean running;

  public ModelRebuild(Observations observations) {
    this.observations = observations;
  }

  @Override
  public void start() {
    FactMapper facts = new FactMapper();
    long count = observations.rebuild(facts::fact);
    log.info("typed model rebuilt from {} stored observations", count);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the inbox consumers (platform phase Integer.MAX_VALUE - 2000). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 3000;
  }
}
