package com.bookiji.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The registry's command line")
class RegistryCommandLineTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private RegistryCommandLine.Parsed parse(String... args) {
    return RegistryCommandLine.parse(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  @DisplayName("without options: port 8081, ./schema-registry-data, loopback")
  void defaults() throws Exception {
    RegistryCommandLine.Parsed parsed = parse();

    assertThat(parsed.runs()).isTrue();
    assertThat(parsed.port()).isEqualTo(8081);
    assertThat(parsed.dataDir()).isEqualTo(Path.of("schema-registry-data"));
    assertThat(parsed.host()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(err.toString()).isEmpty();
  }

  @Test
  @DisplayName("the README's command line, and --name=value")
  void readmeExample() throws Exception {
    RegistryCommandLine.Parsed parsed = parse("--port", "8081", "--data-dir", ".bookiji/schema-registry", "--host", "127.0.0.1");
    assertThat(parsed.runs()).as(err.toString()).isTrue();
    assertThat(parsed.dataDir()).isEqualTo(Path.of(".bookiji/schema-registry"));

    parsed = parse("--port=0", "--data-dir=/tmp/r", "--host=0.0.0.0");
    assertThat(parsed.port()).isZero();
    assertThat(parsed.dataDir()).isEqualTo(Path.of("/tmp/r"));
    assertThat(parsed.host()).isEqualTo(InetAddress.getByName("0.0.0.0"));
  }

  @Test
  @DisplayName("--help prints the options on stdout and starts nothing")
  void help() {
    RegistryCommandLine.Parsed parsed = parse("--help");

    assertThat(parsed.runs()).isFalse();
    assertThat(parsed.exitCode()).isZero();
    assertThat(out.toString()).contains("--port", "--data-dir", "--host");
  }

  @Test
  @DisplayName("an unknown option, a missing value or a bad value: the error and the usage on stderr, exit code 2")
  void refused() {
    assertRefused(parse("--data-directory", "x"), "Unknown options: '--data-directory', 'x'", "Possible solutions: --data-dir");
    assertRefused(parse("--port"), "Missing required parameter for option '--port'");
    assertRefused(parse("--data-dir", "--port", "1"), "--data-dir");
    assertRefused(parse("--port", "eighty"), "'eighty' is not an int");
    assertRefused(parse("--port", "70000"), "--port must be from 0 to 65535, not 70000");
    assertRefused(parse("8081"), "Unmatched argument at index 0: '8081'");
  }

  private void assertRefused(RegistryCommandLine.Parsed parsed, String... messages) {
    assertThat(parsed.runs()).isFalse();
    assertThat(parsed.exitCode()).isEqualTo(2);
    assertThat(err.toString()).contains(messages).contains("Usage:").doesNotContain("Exception", "\tat ");
    err.getBuffer().setLength(0);
  }
}
