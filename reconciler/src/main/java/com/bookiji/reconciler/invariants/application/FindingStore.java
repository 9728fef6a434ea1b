package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.FindingRecord;
import java.util.List;

/** Every finding ever raised, one row per break id. */
public interface FindingStore {

  List<FindingRecord> all();

  void save(List<FindingRecord> changed);
}
