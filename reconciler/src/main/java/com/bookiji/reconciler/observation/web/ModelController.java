package com.bookiji.reconciler.observation.web;

import com.bookiji.reconciler.observation.application.ModelReplay;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rebuild proof for on-call: replay the topics into an empty model and compare with the live one. */
@RestController
@RequestMapping("/ops/model")
public class ModelController {

  private final ModelReplay replay;

  public ModelController(ModelReplay replay) {
    this.replay = replay;
  }

  @PostMapping("/replay")
  public ModelReplay.Comparison replay() {
    return replay.replayAndCompare();
  }
}
