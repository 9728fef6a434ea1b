package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Proves the model is rebuildable: the topics replayed from the start into an empty model must give
 * the state the live model has. Run on a quiet system (messages arriving during the replay show up as
 * differences, named).
 */
@Service
public class ModelReplay {

  private final TopicReplay replay;
  private final ReadModel live;

  public ModelReplay(TopicReplay replay, ReadModel live) {
    this.replay = replay;
    this.live = live;
  }

  public record Comparison(long messages, long skipped, boolean identical, int reservations, int holds, int ledgers,
      int deadLetters, List<String> differences) {}

  public Comparison replayAndCompare() {
    TopicReplay.Replayed replayed = replay.replayFromStart();
    ModelSnapshot now = live.snapshot();
    ModelSnapshot rebuilt = replayed.model();
    List<String> differences = new ArrayList<>();
    differ("reservation", now.reservations(), rebuilt.reservations(), differences);
    differ("hold", now.holds(), rebuilt.holds(), differences);
    differ("ledger", now.ledgers(), rebuilt.ledgers(), differences);
    if (!now.deadLetters().equals(rebuilt.deadLetters())) {
      differences.add("dead letters: live " + now.deadLetters().size() + ", replayed " + rebuilt.deadLetters().size());
    }
    if (!now.unreadable().equals(rebuilt.unreadable())) {
      differences.add("unreadable: live " + now.unreadable().size() + ", replayed " + rebuilt.unreadable().size());
    }
    return new Comparison(replayed.messages(), replayed.skipped(), differences.isEmpty(), rebuilt.reservations().size(),
        rebuilt.holds().size(), rebuilt.ledgers().size(), rebuilt.deadLetters().size(),
        differences.stream().limit(100).toList());
  }

  private static void differ(String what, Map<String, ?> live, Map<String, ?> replayed, List<String> out) {
    TreeSet<String> ids = new TreeSet<>(live.keySet());
    ids.addAll(replayed.keySet());
    for (String id : ids) {
      Object a = live.get(id);
      Object b = replayed.get(id);
      if (!Objects.equals(a, b)) {
        out.add(what + " " + id + ": live " + a + ", replayed " + b);
      }
    }
  }
}
