package com.bookiji.reconciler.reports.web;

import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.reports.application.FinanceReports;
import com.bookiji.reconciler.reports.application.FinanceReports.ReportRefused;
import com.bookiji.reconciler.reports.domain.BridgeLine;
import com.bookiji.reconciler.reports.domain.Category;
import com.bookiji.reconciler.reports.domain.CurrencyBridge;
import com.bookiji.reconciler.reports.domain.FinanceReport;
import com.bookiji.reconciler.reports.domain.ReportLine;
import com.bookiji.reconciler.reports.domain.ReportPeriod;
import com.bookiji.reconciler.stripe.application.StripeCallFailed;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/reports/finance?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv} (OPS role). The CSV
 * is one table: a {@code record} column says whether a row is a LINE, a TOTAL (per day, or ALL days)
 * or a BRIDGE step, so one file carries the whole report and a spreadsheet filters it.
 */
@RestController
public class FinanceReportController {

  static final String[] CSV_COLUMNS = {"record", "day", "currency", "category", "status", "stripe_object",
      "stripe_id", "stripe_status", "payment_intent_id", "reservation_id", "reservation_state", "booking_id",
      "ledger_entry", "amount_minor", "ledger_amount_minor", "finding", "note"};
  private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final FinanceReports reports;

  public FinanceReportController(FinanceReports reports) {
    this.reports = reports;
  }

  @GetMapping("/ops/reports/finance")
  public ResponseEntity<?> finance(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false, defaultValue = "json") String format) {
    if (!format.equals("json") && !format.equals("csv")) {
      throw ApiProblem.badRequest("INVALID_REPORT_FORMAT", "format is json or csv, not " + format);
    }
    ReportPeriod period = period(from, to);
    FinanceReport report;
    try {
      report = reports.report(period);
    } catch (ReportRefused e) {
      throw e.code().equals("STRIPE_RECONCILIATION_OFF") ? ApiProblem.conflict(e.code(), e.getMessage())
          : ApiProblem.badRequest(e.code(), e.getMessage());
    } catch (StripeCallFailed e) {
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "STRIPE_UNAVAILABLE", "listing Stripe failed: " + e.getMessage());
    }
    if (format.equals("json")) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new FinanceReportView(report));
    }
    return ResponseEntity.ok().contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"finance-" + period.from() + "-" + period.to() + ".csv\"")
        .body(csv(report));
  }

  /** The report plus whether it is complete (every residual 0). */
  public record FinanceReportView(FinanceReport report, boolean complete) {
    FinanceReportView(FinanceReport report) {
      this(report, report.complete());
    }
  }

  private static ReportPeriod period(String from, String to) {
    if (from == null || to == null) {
      throw ApiProblem.badRequest("INVALID_REPORT_PERIOD", "from and to are both required, as YYYY-MM-DD (UTC days, both included)");
    }
    try {
      return new ReportPeriod(LocalDate.parse(from), LocalDate.parse(to));
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("INVALID_REPORT_PERIOD", "from and to are days as YYYY-MM-DD: " + e.getParsedString());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("INVALID_REPORT_PERIOD", e.getMessage());
    }
  }

  static String csv(FinanceReport report) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS).get())) {
      for (ReportLine l : report.lines()) {
        csv.printRecord("LINE", l.day(), l.currency(), l.category(), l.status(), l.stripeObject(), l.stripeId(),
            l.stripeStatus(), l.paymentIntentId(), l.reservationId(), l.reservationState(), l.bookingId(),
            l.ledgerEntry(), l.amountMinor(), l.ledgerAmountMinor(), l.findingBreakId(), l.note());
      }
      for (Map.Entry<LocalDate, Map<String, Map<Category, Long>>> day : report.totalsByDay().entrySet()) {
        totals(csv, day.getKey().toString(), day.getValue());
      }
      totals(csv, "ALL", report.totals());
      for (CurrencyBridge b : report.bridge()) {
        bridge(csv, b.currency(), "bookings (confirmed reservations at their price)", b.bookingsMinor());
        for (BridgeLine step : b.steps()) {
          bridge(csv, b.currency(), step.step(), step.amountMinor());
        }
        bridge(csv, b.currency(), "expected at Stripe", b.expectedAtStripeMinor());
        bridge(csv, b.currency(), "at Stripe (captured - refunded - withdrawn by disputes)", b.stripeNetMinor());
        bridge(csv, b.currency(), "residual", b.residualMinor());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void totals(CSVPrinter csv, String day, Map<String, Map<Category, Long>> byCurrency) throws IOException {
    for (Map.Entry<String, Map<Category, Long>> currency : byCurrency.entrySet()) {
      for (Map.Entry<Category, Long> category : currency.getValue().entrySet()) {
        csv.printRecord("TOTAL", day, currency.getKey(), category.getKey(), null, null, null, null, null, null, null,
            null, null, category.getValue(), null, null, null);
      }
    }
  }

  private static void bridge(CSVPrinter csv, String currency, String step, long amount) throws IOException {
    csv.printRecord("BRIDGE", null, currency, null, null, null, null, null, null, null, null, null, null, amount, null,
        null, step);
  }
}
