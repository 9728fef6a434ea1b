package com.bookiji.localstack;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code ./bookiji report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--out FILE]}: the
 * reconciler's finance report, fetched with a short-lived OPS token minted from the stack's secret.
 */
final class ReportCommand {

  private ReportCommand() {}

  /** {@code format} csv (also when null) or json; {@code file} null prints the report. */
  static int run(StackLayout layout, String from, String to, String format, String file, PrintStream out) throws Exception {
    format = format == null ? "csv" : format;
    if (from == null || to == null || !(format.equals("csv") || format.equals("json"))) {
      out.println("usage: ./bookiji report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--out FILE]");
      return LocalStack.USAGE;
    }
    try {
      LocalDate.parse(from);
      LocalDate.parse(to);
    } catch (DateTimeParseException e) {
      out.println("--from and --to are UTC days as YYYY-MM-DD, not '" + e.getParsedString() + "'");
      return LocalStack.USAGE;
    }
    String token = Jwt.mint(layout.jwtSecret(), "finance-report", "OPS", Duration.ofMinutes(5));
    String url = layout.url(Stack.RECONCILER_PORT) + "/ops/reports/finance?from=" + enc(from) + "&to=" + enc(to)
        + "&format=" + format;
    Http.Response r;
    try {
      r = Http.get(url, Map.of("Authorization", "Bearer " + token));
    } catch (java.io.IOException e) {
      out.println("the reconciler does not answer at " + layout.url(Stack.RECONCILER_PORT) + " (./bookiji up first): " + e);
      return LocalStack.FAILED;
    }
    if (!r.ok()) {
      out.println("the reconciler refused the report: HTTP " + r.status() + " " + r.json().path("code").asText("")
          + " " + r.json().path("detail").asText(r.body()));
      return LocalStack.FAILED;
    }
    if (file == null) {
      out.print(r.body());
      out.flush();
    } else {
      Files.writeString(Path.of(file), r.body(), StandardCharsets.UTF_8);
      out.println("finance report " + from + " .. " + to + " (" + format + ") written to " + file);
    }
    return LocalStack.OK;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
