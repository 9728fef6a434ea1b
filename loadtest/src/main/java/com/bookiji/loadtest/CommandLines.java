package com.bookiji.loadtest;

import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

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

  /** {@code -h/--help} for every command line of the module: {@code @Mixin CommandLines.Help help;}. */
  public static final class Help {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean requested;
  }

  /** Fills {@code options} (a picocli {@code @Command} object) from {@code args}; returns it only when the command should run. */
  public static <T> T parse(T options, String[] args) {
    CommandLine line = new CommandLine(options);
    try {
      line.parseArgs(args);
    } catch (CommandLine.MissingParameterException e) {
      String missing = e.getMissing().stream()
          .map(a -> a instanceof CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel())
          .collect(Collectors.joining(", "));
      throw new UsageException(missing + " needs a value (" + e.getMessage() + ")\n" + usage(options), false);
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage() + "\n" + usage(options), false);
    }
    if (line.isUsageHelpRequested()) {
      throw new UsageException(usage(options), true);
    }
    return options;
  }

  /** A value picocli accepted but the command does not (a zero count, a remote host), with the usage of {@code options}. */
  public static UsageException invalid(Object options, String reason) {
    return new UsageException(reason + "\n" + usage(options), false);
  }

  public static String usage(Object options) {
    return new CommandLine(options).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /**
   * A main's first step: the parsed options, or the process ends with the message where it belongs
   * (help on stdout, exit 0; the reason and the usage on stderr, exit 2).
   */
  public static <T> T parseOrExit(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (UsageException e) {
      (e.helpRequested() ? System.out : System.err).println(e.getMessage());
      System.exit(e.exitCode());
      throw e; // not reached
    }
  }
}
