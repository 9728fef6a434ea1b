package com.bookiji.reconciler.observation.domain;

import java.time.Duration;

/** How far one consumer group is behind on one topic (its worst partition). */
public record GroupLag(String group, String topic, long offsetLag, Duration timeBehind) {

  public String describe() {
    return "consumer " + group + " is " + timeBehind.toSeconds() + " s (" + offsetLag + " messages) behind on " + topic;
  }
}
