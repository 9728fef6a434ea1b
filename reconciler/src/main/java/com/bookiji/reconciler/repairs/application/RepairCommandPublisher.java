package com.bookiji.reconciler.repairs.application;

import com.bookiji.reconciler.repairs.domain.RepairPlan;

/** Sends a plan's commands to the owning service; called inside the transaction that claims the repair. */
public interface RepairCommandPublisher {

  void send(RepairPlan plan);
}
