package com.bookiji.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The local stack's processes, from its pid files ({@code <state dir>/run/<process>.pid}). */
public final class StackProcesses {

  private StackProcesses() {}

  /** Process name → pid, in a stable order; pid files of processes that are gone are skipped. */
  public static Map<String, Long> fromPidFiles(Path stateDir) throws IOException {
    Path run = stateDir.resolve("run");
    Map<String, Long> pids = new LinkedHashMap<>();
    if (!Files.isDirectory(run)) {
      return pids;
    }
    try (Stream<Path> files = Files.list(run)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted().toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
        parsePid(Files.readString(f)).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .ifPresent(pid -> pids.put(name, pid));
      }
    }
    // The PostgreSQL server is started by its holder JVM but detaches from it (its parent becomes
    // init), so it is found through its own pid file; its backends are its children.
    Path postmaster = stateDir.resolve("data/postgres/postmaster.pid");
    if (Files.exists(postmaster)) {
      String first = Files.readString(postmaster).lines().findFirst().orElse("");
      parsePid(first).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .ifPresent(pid -> pids.put("postgres server (postmaster + backends)", pid));
    }
    return pids;
  }

  static java.util.Optional<Long> parsePid(String content) {
    try {
      return java.util.Optional.of(Long.parseLong(content.trim()));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
