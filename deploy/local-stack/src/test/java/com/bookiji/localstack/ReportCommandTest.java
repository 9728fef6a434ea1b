package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./bookiji report fetches the reconciler's finance report with an OPS token")
class ReportCommandTest {

  @TempDir
  Path repo;

  private HttpServer reconciler;
  private StackLayout layout;
  private final AtomicReference<String> askedFor = new AtomicReference<>();
  private final AtomicReference<String> role = new AtomicReference<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void fakeReconciler() throws Exception {
    reconciler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    reconciler.createContext("/ops/reports/finance", exchange -> {
      askedFor.set(exchange.getRequestURI().getQuery());
      String jwt = exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length());
      role.set(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
      boolean bad = exchange.getRequestURI().getQuery().contains("from=2026-12-05");
      byte[] body = (bad ? "{\"code\":\"INVALID_REPORT_PERIOD\",\"detail\":\"the period ends before it starts\"}"
          : "record,day,currency\nTOTAL,ALL,EUR\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(bad ? 400 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    reconciler.start();
    // The stack's reconciler port, moved by an offset onto the fake's free port.
    layout = StackLayout.resolve(repo, repo.resolve("state"), reconciler.getAddress().getPort() - Stack.RECONCILER_PORT);
  }

  @AfterEach
  void stop() {
    reconciler.stop(0);
  }

  private int run(String... kv) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      options.put(kv[i], kv[i + 1]);
    }
    return ReportCommand.run(layout, options.get("from"), options.get("to"), options.get("format"), options.get("out"),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the period and format go to the reconciler with an OPS token; --out writes the file")
  void writesTheReport() throws Exception {
    Path out = repo.resolve("finance.csv");
    assertThat(run("from", "2026-12-01", "to", "2026-12-02", "format", "csv", "out", out.toString()))
        .isEqualTo(LocalStack.OK);
    assertThat(askedFor.get()).isEqualTo("from=2026-12-01&to=2026-12-02&format=csv");
    assertThat(role.get()).contains("\"role\":\"OPS\"");
    assertThat(Files.readString(out)).isEqualTo("record,day,currency\nTOTAL,ALL,EUR\n");
  }

  @Test
  @DisplayName("a refusal prints the reconciler's code; bad arguments are a usage error before any call")
  void refusalsAndUsage() throws Exception {
    assertThat(run("from", "2026-12-05", "to", "2026-12-01")).isEqualTo(LocalStack.FAILED);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("INVALID_REPORT_PERIOD").contains("ends before");
    askedFor.set(null);
    assertThat(run("from", "2026-12-01")).isEqualTo(LocalStack.USAGE);
    assertThat(run("from", "2026-12-01", "to", "tomorrow")).isEqualTo(LocalStack.USAGE);
    assertThat(run("from", "2026-12-01", "to", "2026-12-02", "format", "xlsx")).isEqualTo(LocalStack.USAGE);
    assertThat(askedFor.get()).isNull();
  }
}
