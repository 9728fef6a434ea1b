package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingState;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes changed findings and the events they cause in one transaction, so
 * {@code reconciler.findings} carries exactly the transitions the {@code findings} table went through.
 */
@Service
public class FindingLog {

  private final FindingStore store;
  private final FindingEventPublisher events;

  public FindingLog(FindingStore store, FindingEventPublisher events) {
    this.store = store;
    this.events = events;
  }

  /** {@code before} holds each changed finding's previous version (absent when it is new). */
  @Transactional
  public void record(List<FindingRecord> changed, Map<String, FindingRecord> before) {
    store.save(changed);
    for (FindingRecord now : changed) {
      FindingRecord was = before.get(now.breakId());
      boolean wasOpen = was != null && was.state() != FindingState.RESOLVED;
      boolean isOpen = now.state() != FindingState.RESOLVED;
      if (isOpen && !wasOpen) {
        events.found(now);
      } else if (!isOpen && wasOpen) {
        events.resolved(now);
      }
    }
  }
}
