package com.bookiji.reconciler.repairs.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.repairs.application.Repairs;
import com.bookiji.reconciler.repairs.application.Repairs.RepairTransitionRefused;
import com.bookiji.reconciler.repairs.application.Repairs.UnknownRepairException;
import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.repairs.domain.RepairMode;
import com.bookiji.reconciler.repairs.domain.RepairStatus;
import com.bookiji.reconciler.repairs.domain.RepairType;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Repairs and their audit trail; an OPS user approves or rejects a proposed one. */
@RestController
@RequestMapping("/ops/repairs")
public class RepairsController {

  private final Repairs repairs;

  public RepairsController(Repairs repairs) {
    this.repairs = repairs;
  }

  @GetMapping
  public RepairsView list() {
    return new RepairsView(repairs.all().stream().map(RepairView::of).toList());
  }

  @GetMapping("/{repairId}")
  public RepairView one(@PathVariable String repairId) {
    return answer(() -> repairs.find(repairId));
  }

  @PostMapping("/{repairId}/approve")
  public RepairView approve(@PathVariable String repairId, Actor actor) {
    return answer(() -> repairs.approve(repairId, actor.id()));
  }

  @PostMapping("/{repairId}/reject")
  public RepairView reject(@PathVariable String repairId, @RequestBody(required = false) RejectRequest request,
      Actor actor) {
    if (request == null || request.note() == null || request.note().isBlank()) {
      throw ApiProblem.badRequest("REJECTION_NOTE_REQUIRED", "rejecting a repair needs a note saying why");
    }
    return answer(() -> repairs.reject(repairId, actor.id(), request.note()));
  }

  private static RepairView answer(Supplier<Repair> action) {
    try {
      return RepairView.of(action.get());
    } catch (UnknownRepairException e) {
      throw ApiProblem.notFound("REPAIR_NOT_FOUND", e.getMessage());
    } catch (RepairTransitionRefused e) {
      throw ApiProblem.conflict("REPAIR_TRANSITION_REFUSED", e.getMessage());
    }
  }

  public record RejectRequest(String note) {}

  public record RepairsView(List<RepairView> repairs) {}

  public record RepairView(String repairId, String breakId, RepairType type, RepairMode mode, RepairStatus status,
      String subjectId, String reservationId, String commands, Instant createdAt, String decidedBy,
      Instant decidedAt, String outcome) {

    static RepairView of(Repair r) {
      return new RepairView(r.repairId(), r.plan().breakId(), r.plan().type(), r.mode(), r.status(),
          r.plan().subjectId(), r.plan().reservationId(), r.plan().commands(), r.createdAt(), r.decidedBy(),
          r.decidedAt(), r.outcome());
    }
  }
}
