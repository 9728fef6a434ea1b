package com.bookiji.schemas.topics;

import java.util.List;

/** What provisioning found and did, topic by topic; {@link #problems()} fail the run. */
public record ProvisioningReport(List<Entry> entries) {

  public enum Outcome {
    CREATED(false),
    PRESENT(false),
    PARTITIONS_INCREASED(false),
    MIN_INSYNC_REPLICAS_SET(false),
    /** Fewer partitions than planned: Kafka can increase them, never decrease; not done unasked. */
    TOO_FEW_PARTITIONS(true),
    /** Another replication factor than planned: only a partition reassignment changes it. */
    REPLICATION_FACTOR_DIFFERS(true);

    private final boolean problem;

    Outcome(boolean problem) { this.problem = problem; }

    public boolean isProblem() { return problem; }
  }

  public record Entry(String topic, Outcome outcome, String detail) {
    @Override
    public String toString() {
      return String.format("%-28s %-26s %s", topic, outcome, detail);
    }
  }

  public ProvisioningReport {
    entries = List.copyOf(entries);
  }

  public List<Entry> problems() {
    return entries.stream().filter(e -> e.outcome().isProblem()).toList();
  }

  public boolean isComplete() { return problems().isEmpty(); }

  public List<String> topics(Outcome outcome) {
    return entries.stream().filter(e -> e.outcome() == outcome).map(Entry::topic).toList();
  }
}
