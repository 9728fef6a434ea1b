package com.bookiji.schemas.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Checks each {@code .avsc} file's current content against every committed version of it in git
 * history: the current schema must be able to read data written with any of them (BACKWARD
 * TRANSITIVE), so consumers can be upgraded first and replay old records. Without git or history,
 * the check reports why it was skipped instead of failing the build.
 */
final class AvscHistoryCheck {

  /** One incompatibility between a file's current content and one committed version. */
  record Finding(Path file, String commit, String problem) {
    @Override
    public String toString() {
      return file + " cannot read its version at commit " + commit.substring(0, Math.min(10, commit.length()))
          + ": " + problem;
    }
  }

  record Outcome(Optional<String> skipped, int versionsChecked, List<Finding> findings, List<String> notes) {}

  private final Path workDir;
  private final Function<String, Schema> parser;

  /** @param workDir any directory inside the repository; @param parser parses one schema text */
  AvscHistoryCheck(Path workDir, Function<String, Schema> parser) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.parser = parser;
  }

  Outcome check(List<Path> files) {
    GitResult top = git(workDir, "rev-parse", "--show-toplevel");
    if (!top.ok()) {
      return new Outcome(Optional.of("git repository not available: " + top.output().strip()), 0,
          List.of(), List.of());
    }
    Path root;
    try {
      root = Path.of(top.output().strip()).toRealPath();
    } catch (IOException e) {
      return new Outcome(Optional.of("cannot resolve repository root: " + e), 0, List.of(), List.of());
    }
    int checked = 0;
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path file : files) {
      Path absolute;
      try {
        absolute = workDir.resolve(file).toRealPath();
      } catch (IOException e) {
        notes.add("cannot resolve " + file + ": " + e);
        continue;
      }
      String relative = root.relativize(absolute).toString().replace('\\', '/');
      Schema current = parser.apply(SchemaFiles.read(absolute));
      GitResult log = git(root, "log", "--format=%H", "--", relative);
      if (!log.ok()) {
        notes.add("no history for " + relative + ": " + log.output().strip());
        continue;
      }
      for (String commit : log.output().strip().split("\\s+")) {
        if (commit.isEmpty()) {
          continue;
        }
        GitResult old = git(root, "show", commit + ":" + relative);
        if (!old.ok()) {
          notes.add(relative + " absent at " + commit + " (deleted or renamed there)");
          continue;
        }
        Schema oldSchema;
        try {
          oldSchema = parser.apply(old.output());
        } catch (RuntimeException e) {
          notes.add(relative + " at " + commit + " does not parse, skipped: " + e.getMessage());
          continue;
        }
        checked++;
        for (String problem : SchemaCompatibilityChecker.backwardProblems(current, oldSchema)) {
          findings.add(new Finding(Path.of(relative), commit,
              current.getFullName() + ": " + problem));
        }
      }
    }
    return new Outcome(Optional.empty(), checked, findings, notes);
  }

  record GitResult(boolean ok, String output) {}

  static GitResult git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new GitResult(false, "git timed out");
      }
      return process.exitValue() == 0
          ? new GitResult(true, new String(out, StandardCharsets.UTF_8))
          : new GitResult(false, new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new GitResult(false, "git not runnable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new GitResult(false, "interrupted");
    }
  }
}
