package com.bookiji.localstack;

import java.io.PrintStream;

/** Books reservations end to end through the public API. */
final class Demo {
  private final StackLayout layout;
  private final PrintStream out;

  Demo(StackLayout layout, PrintStream out) {
    this.layout = layout;
    this.out = out;
  }

  int run() {
    out.println("demo: not implemented yet");
    return LocalStack.FAILED;
  }
}
