package com.bookiji.reconciler.repairs.application;

import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.repairs.domain.RepairStatus;
import com.bookiji.reconciler.repairs.domain.RepairType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The claim of a repair and its commands commit together: the repairs row is the proof that the
 * commands were sent, so a restart, a second look at the same finding or a second approval sends
 * nothing again.
 */
@Service
public class RepairExecution {

  private final RepairStore store;
  private final RepairCommandPublisher commands;

  public RepairExecution(RepairStore store, RepairCommandPublisher commands) {
    this.store = store;
    this.commands = commands;
  }

  /** False when the repair had been claimed before (nothing is sent then). */
  @Transactional
  public boolean claim(Repair claimed) {
    if (!store.insertIfAbsent(claimed)) {
      return false;
    }
    sendIfCommand(claimed);
    return true;
  }

  /** A proposed repair, approved: false when it was approved, rejected or refused meanwhile. */
  @Transactional
  public boolean claimProposed(Repair claimed) {
    if (!store.update(claimed, RepairStatus.PROPOSED)) {
      return false;
    }
    sendIfCommand(claimed);
    return true;
  }

  private void sendIfCommand(Repair claimed) {
    if (claimed.plan().type() != RepairType.CANCEL_ORPHAN_INTENT) {
      commands.send(claimed.plan());
    }
  }
}
