package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator's command line")
class StripeSimulatorMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private StripeSimulatorMain.Parsed parse(String... args) {
    return StripeSimulatorMain.parse(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  @DisplayName("without options it runs with the documented defaults")
  void defaults() {
    StripeSimulatorMain.Parsed parsed = parse();

    assertThat(parsed.exitCode()).isZero();
    StripeSimulatorConfig c = parsed.config();
    assertThat(c.port()).isEqualTo(12111);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.webhookUrls()).isEmpty();
    assertThat(c.webhookSecret()).isEqualTo("whsec_bookiji");
    assertThat(c.authorizationExpiry()).isEqualTo(Duration.ofDays(7));
    assertThat(c.idempotencyKeyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(c.webhookRetryInitialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.webhookMaxAttempts()).isEqualTo(8);
    assertThat(c.webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.webhookDeliveryLanes()).isEqualTo(4);
    assertThat(c.threads()).isEqualTo(64);
    assertThat(c.dataFile()).isNull();
    assertThat(c.secretKey()).isEqualTo("sk_test_bookiji");
    assertThat(c.publishableKey()).isEqualTo("pk_test_bookiji");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  @DisplayName("every option sets its value; --webhook-url repeats; --name=value works too")
  void everyOption() {
    StripeSimulatorMain.Parsed parsed = parse("--port", "0", "--host=0.0.0.0", "--webhook-url", "http://a/hook",
        "--webhook-url=http://b/hook", "--webhook-secret", "whsec_x", "--authorization-expiry-seconds", "2.5",
        "--idempotency-ttl-seconds", "60", "--webhook-retry-initial-delay-ms", "20", "--webhook-max-attempts", "3",
        "--webhook-timeout-ms", "500", "--webhook-delivery-lanes", "1", "--threads", "4", "--data-file", "sim.jsonl", "--secret-key", "sk_test_x",
        "--publishable-key", "pk_test_x");

    assertThat(parsed.exitCode()).as(err.toString()).isZero();
    StripeSimulatorConfig c = parsed.config();
    assertThat(c.port()).isZero();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.webhookUrls()).containsExactly("http://a/hook", "http://b/hook");
    assertThat(c.webhookSecret()).isEqualTo("whsec_x");
    assertThat(c.authorizationExpiry()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.idempotencyKeyTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.webhookRetryInitialDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.webhookMaxAttempts()).isEqualTo(3);
    assertThat(c.webhookTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.webhookDeliveryLanes()).isEqualTo(1);
    assertThat(c.threads()).isEqualTo(4);
    assertThat(c.dataFile()).isEqualTo(Path.of("sim.jsonl"));
    assertThat(c.secretKey()).isEqualTo("sk_test_x");
    assertThat(c.publishableKey()).isEqualTo("pk_test_x");
  }

  @Test
  @DisplayName("--help prints every option on stdout and starts nothing")
  void help() {
    StripeSimulatorMain.Parsed parsed = parse("--help");

    assertThat(parsed.exitCode()).isZero();
    assertThat(parsed.config()).isNull();
    assertThat(out.toString()).contains("--port", "--host", "--webhook-url", "--webhook-secret",
        "--authorization-expiry-seconds", "--idempotency-ttl-seconds", "--webhook-retry-initial-delay-ms",
        "--webhook-max-attempts", "--webhook-timeout-ms", "--webhook-delivery-lanes", "--threads", "--data-file", "--secret-key",
        "--publishable-key");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  @DisplayName("an unknown option is refused with the usage on stderr and exit code 2")
  void unknownOption() {
    assertRefused(parse("--port", "12111", "--webhook-urls", "http://a/hook"), "Unknown options: '--webhook-urls', 'http://a/hook'", "Possible solutions: --webhook-url");
  }

  @Test
  @DisplayName("an option without its value is refused, not given the next option as value")
  void missingValue() {
    assertRefused(parse("--port"), "Missing required parameter for option '--port'");
    assertRefused(parse("--data-file", "--port", "1"), "--data-file");
  }

  @Test
  @DisplayName("a value of the wrong kind or out of range is refused without a stack trace")
  void badValues() {
    assertRefused(parse("--port", "twelve"), "'twelve' is not an int");
    assertRefused(parse("--authorization-expiry-seconds", "soon"), "'soon' is not a number of seconds");
    assertRefused(parse("--webhook-timeout-ms", "1.5"), "'1.5' is not a whole number of milliseconds");
    assertRefused(parse("--threads", "0"), "threads must be >= 1");
    assertRefused(parse("--webhook-delivery-lanes", "0"), "webhookDeliveryLanes must be >= 1, was 0");
    assertRefused(parse("--webhook-delivery-lanes", "many"), "'many' is not an int");
    assertRefused(parse("--port", "70000"), "port out of range: 70000");
  }

  @Test
  @DisplayName("the README's command line parses")
  void readmeExample() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    Matcher example = Pattern.compile("java -jar \\S+stripe-simulator\\S+exec\\.jar((?:\\\\\\n|[^\\n])*)").matcher(readme);
    assertThat(example.find()).as("README.md shows how to run the jar").isTrue();
    List<String> args = new ArrayList<>(Arrays.asList(example.group(1).replace("\\\n", " ").trim().split("\\s+")));

    StripeSimulatorMain.Parsed parsed = parse(args.toArray(String[]::new));

    assertThat(parsed.exitCode()).as(err.toString()).isZero();
    assertThat(parsed.config().webhookUrls()).containsExactly("http://localhost:8083/stripe/webhooks");
  }

  private void assertRefused(StripeSimulatorMain.Parsed parsed, String... messages) {
    assertThat(parsed.exitCode()).isEqualTo(2);
    assertThat(parsed.config()).isNull();
    assertThat(err.toString()).contains(messages).contains("Usage:").doesNotContain("Exception", "\tat ");
    err.getBuffer().setLength(0);
  }
}
