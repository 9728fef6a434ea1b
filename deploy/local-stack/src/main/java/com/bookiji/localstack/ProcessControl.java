package com.bookiji.localstack;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts detached processes with their output in a log file and a pid file, and stops them.
 * Every process carries a marker system property naming the state directory and the component, and
 * a pid is only trusted while its command line still carries that marker: a stale pid file after a
 * reboot can never make {@code down} kill an unrelated process that reused the pid.
 */
final class ProcessControl {

  private final StackLayout layout;
  private final Platform platform = Platform.current();

  ProcessControl(StackLayout layout) {
    this.layout = layout;
  }

  String marker(String component) {
    return "-Dbookiji.localstack=" + layout.stateDir() + "#" + component;
  }

  Optional<ProcessHandle> running(String component) {
    Path pidFile = layout.pidFile(component);
    if (Files.exists(pidFile)) {
      try {
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        Optional<ProcessHandle> recorded = ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(h -> carriesMarker(h, component));
        if (recorded.isPresent()) {
          return recorded;
        }
      } catch (IOException | NumberFormatException e) {
        // a torn or foreign pid file: look for the process by its marker below
      }
    }
    return adopt(component);
  }

  /**
   * A process of this state directory whose pid file is gone or wrong (deleted by hand, written by
   * an older launcher, lost in a crash between start and write) still carries its marker: find it
   * and record its pid again, so that {@code up} leaves it running instead of reporting its port as
   * taken by "another program", and {@code down} stops it.
   */
  private Optional<ProcessHandle> adopt(String component) {
    Optional<ProcessHandle> found = ProcessHandle.allProcesses()
        .filter(h -> h.pid() != ProcessHandle.current().pid())
        .filter(h -> carriesMarker(h, component))
        .findFirst();
    found.ifPresent(h -> {
      try {
        Files.createDirectories(layout.pidFile(component).getParent());
        Files.writeString(layout.pidFile(component), h.pid() + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        // still found by its marker next time
      }
    });
    return found;
  }

  private boolean carriesMarker(ProcessHandle handle, String component) {
    String marker = marker(component);
    String commandLine = Platform.commandLine(handle);
    int at = commandLine.indexOf(marker);
    // The whole argument: "#kafka" must not match a component named "#kafka-something".
    return at >= 0 && (at + marker.length() == commandLine.length() || commandLine.charAt(at + marker.length()) == ' ');
  }

  /**
   * Starts {@code command} (whose first element is the java binary) with the marker inserted as the
   * first JVM option (where a command line cut after 4 KiB still shows it), detached so a Ctrl-C on
   * the launcher does not take the stack down.
   */
  ProcessHandle start(String component, List<String> command) throws IOException {
    List<String> marked = new ArrayList<>();
    marked.add(command.get(0));
    marked.add(marker(component));
    marked.addAll(command.subList(1, command.size()));
    List<String> full = platform.detached(marked);

    Path log = layout.logFile(component);
    Files.createDirectories(log.getParent());
    Files.createDirectories(layout.pidFile(component).getParent());
    Files.writeString(log, "---- " + java.time.Instant.now() + " starting: " + String.join(" ", full) + "\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder pb = new ProcessBuilder(full)
        .directory(layout.stateDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()))
        .redirectInput(Redirect.from(platform.nullDevice()));
    Process process = pb.start();
    Files.writeString(layout.pidFile(component), process.pid() + "\n", StandardCharsets.UTF_8);
    return process.toHandle();
  }

  /** SIGTERM, then SIGKILL after {@code grace}. Returns true when something was stopped. */
  boolean stop(String component, Duration grace) {
    Optional<ProcessHandle> handle = running(component);
    if (handle.isEmpty()) {
      deletePidFile(component);
      return false;
    }
    ProcessHandle p = handle.get();
    p.destroy();
    try {
      p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
        // reported by status
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // the process is gone either way
    }
    deletePidFile(component);
    return true;
  }

  private void deletePidFile(String component) {
    try {
      Files.deleteIfExists(layout.pidFile(component));
    } catch (IOException ignored) {
      // harmless: the marker check ignores stale files
    }
  }

  /** The last lines of a component's log, for error messages. */
  String tail(String component, int lines) {
    Path log = layout.logFile(component);
    if (!Files.exists(log)) {
      return "(no log)";
    }
    try {
      List<String> all = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
