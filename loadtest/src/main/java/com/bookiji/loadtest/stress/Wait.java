package com.bookiji.loadtest.stress;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls with a deadline (never a fixed sleep as synchronisation): the first non-null answer wins. */
public final class Wait {

  private static final Duration POLL = Duration.ofMillis(400);

  private Wait() {}

  public static <T> T until(String what, Duration within, Callable<T> probe) throws Exception {
    return until(what, within, probe, () -> "");
  }

  /** An AssertionError from the probe fails at once; other exceptions are retried until the deadline. */
  public static <T> T until(String what, Duration within, Callable<T> probe, Supplier<String> lastSeen) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Exception last = null;
    while (true) {
      try {
        T value = probe.call();
        if (value != null) {
          return value;
        }
      } catch (AssertionError e) {
        throw e;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + within.toSeconds() + " s waiting for " + what
            + (lastSeen.get().isEmpty() ? "" : "; " + lastSeen.get())
            + (last != null ? "; last error: " + last : ""));
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
