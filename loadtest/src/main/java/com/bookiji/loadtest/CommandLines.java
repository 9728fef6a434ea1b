package com.bookiji.loadtest;

import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The loadtest's command lines, parsed by picocli into an annotated options object: an unknown
 * option, a missing value or a value of the wrong type is a {@link UsageException} with the
 * reason and the usage (exit code 2), {@code --help} one that asks for the usage only (exit code 0).
 */
public final class CommandLines {

  /** Bad usage, or {@code --help}; the message ends with the usage. */
  public static final class UsageException extends IllegalArgumentException {
    private final boolean helpRequested;

    UsageException(String message, boolean helpRequested) {
      super(message);
      this.helpRequested = helpRequested;
    }

    public boolean helpRequested() {
      return helpRequested;
    }

    public int exitCode() {
      return helpRequested ? 0 : 2;
    }
  }

  private CommandLines() {}

  /** Fills {@code line}'s options object from {@code args}; returns only when the command should run. */
  public static void parse(CommandLine line, String[] args) {
    try {
      line.parseArgs(args);
    } catch (CommandLine.MissingParameterException e) {
      String options = e.getMissing().stream()
          .map(a -> a instanceof CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel())
          .collect(Collectors.joining(", "));
      throw new UsageException(options + " needs a value (" + e.getMessage() + ")\n" + usage(line), false);
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage() + "\n" + usage(line), false);
    }
    if (line.isUsageHelpRequested()) {
      throw new UsageException(usage(line), true);
    }
  }

  /** A value picocli accepted but the command does not (a zero count, a remote host), with the usage. */
  public static UsageException invalid(CommandLine line, String reason) {
    return new UsageException(reason + "\n" + usage(line), false);
  }

  public static String usage(CommandLine line) {
    return line.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** Prints the message where it belongs and returns the exit code. */
  public static int report(UsageException e) {
    (e.helpRequested() ? System.out : System.err).println(e.getMessage());
    return e.exitCode();
  }
}
