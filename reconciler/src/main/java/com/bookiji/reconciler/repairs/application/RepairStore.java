package com.bookiji.reconciler.repairs.application;

import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.repairs.domain.RepairStatus;
import java.util.List;
import java.util.Optional;

/** The repairs and their audit trail, one row per repair id. */
public interface RepairStore {

  List<Repair> all();

  Optional<Repair> find(String repairId);

  /** False when a repair with this id exists already: the break was dealt with before. */
  boolean insertIfAbsent(Repair repair);

  /** Moves a repair on only from {@code expected}; false when someone else moved it first. */
  boolean update(Repair next, RepairStatus expected);
}
