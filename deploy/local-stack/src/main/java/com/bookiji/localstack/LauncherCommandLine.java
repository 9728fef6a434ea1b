package com.bookiji.localstack;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ./bookiji} command line (picocli): one subcommand per launcher command, each taking the
 * stack options ({@code --repo}, {@code --state-dir}, {@code --port-offset}, {@code --replicas},
 * {@code --timeout}, {@code --relay-timeout}) and its own. Help goes to stdout with exit 0; an
 * unknown command or option, a missing value or a bad one is the error and the command's usage on
 * stderr with {@link LocalStack#USAGE}, before anything runs. ({@code stress} never gets here: the
 * script hands it to the load test module.)
 */
@Command(
    name = "./bookiji",
    synopsisSubcommandLabel = "<command>",
    description = "The Bookiji local stack: every process detached on loopback, its log and pid under the state directory.",
    subcommands = {
      LauncherCommandLine.Up.class,
      LauncherCommandLine.Down.class,
      LauncherCommandLine.Status.class,
      LauncherCommandLine.Reset.class,
      LauncherCommandLine.Restart.class,
      LauncherCommandLine.DemoCommand.class,
      LauncherCommandLine.Logs.class,
      LauncherCommandLine.Token.class,
      LauncherCommandLine.Report.class
    },
    footer = {
      "",
      "Every command takes the stack options: --state-dir DIR (default: .bookiji in the checkout), --port-offset N (added to"
          + " every port), --replicas N, --timeout SECONDS, --relay-timeout SECONDS, --repo DIR.",
      "./bookiji <command> --help shows a command's options; ./bookiji up --help also lists the settings a user may"
          + " change (deadlines, timeouts, retry bounds).",
      "./bookiji stress [options]: the adversarial stress suite (loadtest/README.md)."
    })
final class LauncherCommandLine implements Callable<Integer> {

  private final PrintStream out;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  private boolean help;

  private LauncherCommandLine(PrintStream out) {
    this.out = out;
  }

  /** Runs one command line; {@code out} gets what a command prints and help, {@code err} the usage errors. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new LauncherCommandLine(out))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setParameterExceptionHandler(LauncherCommandLine::refuse);
    CommandLine up = commandLine.getSubcommands().get("up");
    up.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
        help -> System.lineSeparator() + Settings.help() + System.lineSeparator());
    return commandLine;
  }

  private static int refuse(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    commandLine.usage(err);
    return LocalStack.USAGE;
  }

  /** {@code ./bookiji} alone: which commands there are. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return LocalStack.USAGE;
  }

  // ---------------------------------------------------------------- options every command takes

  static final class StackOptions {

    @Option(names = "--repo", paramLabel = "DIR",
        description = "the checkout (default: the nearest directory up from here with mvnw and deploy/local-stack)")
    private Path repo;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "processes, data and logs (default <repo>/.bookiji)")
    private Path stateDir;

    @Option(names = "--port-offset", paramLabel = "N", converter = PortOffset.class,
        description = "added to every port; remembered in the state directory (a port offset that puts an HTTP port"
            + " on a port browsers refuse, e.g. 10080, is refused)")
    private Integer portOffset;

    @Option(names = "--replicas", paramLabel = "N", converter = Replicas.class,
        description = "up: N instances of reservation-, availability- and payment-service, 1-" + Stack.MAX_REPLICAS
            + "; instance n on the first one's port + (n-1)*" + Stack.REPLICA_PORT_STEP + "; remembered like the port offset")
    private Integer replicas;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "420",
        description = "readiness deadline for up (default ${DEFAULT-VALUE})")
    private long timeoutSeconds;

    @Option(names = "--relay-timeout", paramLabel = "SECONDS", defaultValue = "180",
        description = "then every outbox relay must stream and the backlog of earlier runs be relayed (default ${DEFAULT-VALUE})")
    private long relayTimeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    LocalStack launcher(PrintStream out) {
      Path checkout = repo != null ? repo : Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString()));
      Path state = stateDir != null ? stateDir : checkout.resolve(".bookiji");
      return new LocalStack(StackLayout.resolve(checkout, state, portOffset, replicas),
          Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(relayTimeoutSeconds), out);
    }
  }

  static final class PortOffset implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("--port-offset needs a whole number (added to every port), not '" + value + "'");
      }
    }
  }

  static final class Replicas implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int replicas;
      try {
        replicas = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        replicas = -1;
      }
      if (replicas < 1 || replicas > Stack.MAX_REPLICAS) {
        throw new TypeConversionException("--replicas needs a number from 1 to " + Stack.MAX_REPLICAS
            + " (instances of each service), not '" + value + "'");
      }
      return replicas;
    }
  }

  /** What a command does with the launcher of the stack its options name. */
  interface Action {
    int run(LocalStack launcher, PrintStream out) throws Exception;
  }

  /**
   * A command that runs against the stack; a failure is reported in one line (with the trace if
   * unexpected). A command without options of its own is just its action; one with options
   * overrides {@link #run}.
   */
  abstract static class StackCommand implements Callable<Integer> {

    @ParentCommand
    private LauncherCommandLine parent;

    @Mixin
    private StackOptions stack;

    private final Action action;

    StackCommand(Action action) {
      this.action = action;
    }

    StackCommand() {
      this.action = null;
    }

    int run(LocalStack launcher, PrintStream out) throws Exception {
      return action.run(launcher, out);
    }

    @Override
    public Integer call() {
      PrintStream out = parent.out;
      try {
        return run(stack.launcher(out), out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.println("interrupted; processes already started keep running (./bookiji status, ./bookiji down)");
        return LocalStack.FAILED;
      } catch (Exception e) {
        out.println("FAILED: " + e.getMessage());
        if (!(e instanceof IllegalStateException)) {
          e.printStackTrace(out);
        }
        return LocalStack.FAILED;
      }
    }
  }

  // ---------------------------------------------------------------- the commands

  @Command(name = "up", description = "build what is missing, start every process on loopback, wait until healthy")
  static final class Up extends StackCommand {
    Up() { super((launcher, out) -> launcher.up()); }
  }

  @Command(name = "down", description = "stop every process (SIGTERM, then SIGKILL after 30 s); data is kept")
  static final class Down extends StackCommand {
    Down() { super((launcher, out) -> launcher.down()); }
  }

  @Command(name = "status", description = "each process with its pid, health and address")
  static final class Status extends StackCommand {
    Status() { super((launcher, out) -> launcher.status()); }
  }

  @Command(name = "reset", description = "down, then delete the state directory (all data)")
  static final class Reset extends StackCommand {
    Reset() { super((launcher, out) -> launcher.reset()); }
  }

  @Command(name = "restart", description = "stop and start some processes (e.g. after rebuilding a service; a service"
      + " with --replicas: every instance, one after the other; or one, e.g. payment-service-2)")
  static final class Restart extends StackCommand {
    @Parameters(paramLabel = "COMPONENT", arity = "0..*", description = "a process or a service of the stack")
    private List<String> components = new ArrayList<>();

    @Override
    int run(LocalStack launcher, PrintStream out) throws Exception {
      return launcher.restart(components);
    }
  }

  @Command(name = "demo", description = "book three reservations end to end through the public API and print their timelines")
  static final class DemoCommand extends StackCommand {
    DemoCommand() { super((launcher, out) -> new Demo(launcher.layout(), out).run()); }
  }

  @Command(name = "logs", description = "list the log files, or print the last lines of one (e.g. reservation-service-2)")
  static final class Logs extends StackCommand {
    @Parameters(paramLabel = "COMPONENT", arity = "0..1", description = "the process whose log to print")
    private String component;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "100", description = "how many (default ${DEFAULT-VALUE})")
    private int lines;

    @Override
    int run(LocalStack launcher, PrintStream out) throws Exception {
      return launcher.logs(component, lines);
    }
  }

  @Command(name = "token", description = "mint a local bearer token (OPS signs in to the ops console)")
  static final class Token extends StackCommand {
    @Option(names = "--role", paramLabel = "REQUESTER|VENDOR|OPS", required = true, description = "the token's role")
    private String role;

    @Option(names = "--subject", paramLabel = "ID", required = true, description = "the user id")
    private String subject;

    @Override
    int run(LocalStack launcher, PrintStream out) throws Exception {
      return launcher.token(role, subject);
    }
  }

  @Command(name = "report", description = "the finance reconciliation report")
  static final class Report extends StackCommand {
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "first UTC day")
    private String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "last UTC day")
    private String to;

    @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv", description = "default ${DEFAULT-VALUE}")
    private String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write it there instead of printing it")
    private String file;

    @Override
    int run(LocalStack launcher, PrintStream out) throws Exception {
      return ReportCommand.run(launcher.layout(), from, to, format, file, out);
    }
  }
}
