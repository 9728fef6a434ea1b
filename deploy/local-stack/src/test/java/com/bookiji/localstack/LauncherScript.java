package com.bookiji.localstack;

import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.StripeJs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code ./bookiji} script of the checkout, without its build step (Maven has built
 * everything), run against one state directory and port offset with the environment a user would
 * export; its output is printed for the test log.
 */
final class LauncherScript {

  record Result(int exitCode, String output) {}

  private final Path repo;
  private final Path stateDir;
  private final int portOffset;
  private final Map<String, String> environment;

  LauncherScript(Path repo, Path stateDir, int portOffset, Map<String, String> environment) {
    this.repo = repo;
    this.stateDir = stateDir;
    this.portOffset = portOffset;
    this.environment = Map.copyOf(environment);
  }

  Result run(Duration timeout, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(repo.resolve("bookiji").toString(), "--no-build"));
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", stateDir.toString(), "--port-offset", Integer.toString(portOffset)));
    Path output = Files.createTempFile("bookiji-it-", ".out");
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, Files.readString(output) + "\n(timed out after " + timeout + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Result(-1, Files.readString(output) + "\n(interrupted)");
    }
    String text = Files.readString(output);
    System.out.printf("$ ./bookiji %s   (%d s)%n%s%n", String.join(" ", args),
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), text);
    Files.deleteIfExists(output);
    return new Result(p.exitValue(), text);
  }

  /** An {@code Authorization} header with a token the stack accepts (signed with its generated secret). */
  static Map<String, String> bearer(StackLayout layout, String subject, String role) throws IOException {
    return Http.headers("Authorization", "Bearer " + token(layout, subject, role));
  }

  static String token(StackLayout layout, String subject, String role) throws IOException {
    return Jwt.mint(layout.jwtSecret(), subject, role, Duration.ofHours(1));
  }

  /** The public API of one instance of reservation- and availability-service (1 = the first). */
  static BookingClient bookingClient(StackLayout layout, int instance) {
    return new BookingClient(URI.create(layout.url(Stack.instancePort(Stack.RESERVATION_PORT, instance))),
        URI.create(layout.url(Stack.instancePort(Stack.AVAILABILITY_PORT, instance))));
  }

  /** The card step of the requester's browser, against the stack's Stripe simulator. */
  static StripeJs browser(StackLayout layout) {
    return new StripeJs(URI.create(layout.url(Stack.SIMULATOR_PORT)), Stack.SIM_PUBLISHABLE_KEY, BookingClient.defaultHttpClient());
  }
}
