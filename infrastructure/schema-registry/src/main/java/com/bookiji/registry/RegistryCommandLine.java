package com.bookiji.registry;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The registry's command line, {@code [--port 8081] [--data-dir DIR] [--host 127.0.0.1]}: help on
 * stdout; an unknown option, a missing value or a bad one is the error and the usage on stderr and
 * exit code 2, before anything starts.
 */
@Command(
    name = "java -jar schema-registry-exec.jar",
    sortOptions = false,
    description = "A durable schema registry speaking the Confluent REST API (AVRO only).")
final class RegistryCommandLine {

  /** Where to serve and keep data; null with the exit code when there is nothing to run (help, bad input). */
  record Parsed(int exitCode, InetAddress host, int port, Path dataDir) {
    boolean runs() {
      return dataDir != null;
    }
  }

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + SchemaRegistryServer.DEFAULT_PORT,
      description = "port to listen on (0 = any free port; default ${DEFAULT-VALUE})")
  private int port;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "schema-registry-data",
      description = "where the journal lives (default ${DEFAULT-VALUE})")
  private Path dataDir;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "bind address (0.0.0.0 for every interface; default ${DEFAULT-VALUE})")
  private InetAddress host;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  private boolean help;

  private RegistryCommandLine() {}

  static Parsed parse(String[] args, PrintWriter out, PrintWriter err) {
    RegistryCommandLine options = new RegistryCommandLine();
    CommandLine commandLine = new CommandLine(options).setOut(out).setErr(err);
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        commandLine.usage(out);
        return new Parsed(0, null, 0, null);
      }
      if (options.port < 0 || options.port > 65535) {
        throw new ParameterException(commandLine, "--port must be from 0 to 65535, not " + options.port);
      }
      return new Parsed(0, options.host, options.port, options.dataDir);
    } catch (ParameterException e) {
      err.println(e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      e.getCommandLine().usage(err);
      return new Parsed(e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput(), null, 0, null);
    }
  }
}
