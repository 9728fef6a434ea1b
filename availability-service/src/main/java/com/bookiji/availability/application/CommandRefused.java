package com.bookiji.availability.application;

/**
 * A command that can never be applied and has no rejection event in the contract (e.g. cancel
 * an unknown booking): nothing changes and the message goes to the dead-letter topic with this
 * reason.
 */
public class CommandRefused extends RuntimeException {
  public CommandRefused(String reason) {
    super(reason);
  }
}
