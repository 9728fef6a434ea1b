package com.bookiji.loadtest.stress;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** One test's log file (under the run's directory), echoed to the console with the test's id. */
public final class StressLog implements AutoCloseable {

  private final String id;
  private final Path file;
  private final PrintWriter out;

  public StressLog(String id, Path file) {
    this.id = id;
    this.file = file;
    try {
      Files.createDirectories(file.getParent());
      this.out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path file() { return file; }

  public synchronized void line(String format, Object... args) {
    String text = args.length == 0 ? format : String.format(format, args);
    String stamped = Instant.now() + " " + text;
    out.println(stamped);
    System.out.println("[" + id + "] " + text);
  }

  @Override
  public void close() {
    out.close();
  }
}
