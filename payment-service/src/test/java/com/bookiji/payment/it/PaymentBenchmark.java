package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.authorize;
import static com.bookiji.payment.it.PaymentCommands.capture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.stripesim.FaultRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Payment-command throughput and Stripe-call latency against the simulator, without and with
 * injected faults. Run with {@code ./mvnw -B -pl payment-service -Pbenchmark verify}; prints a table
 * and writes {@code payment-service/BENCHMARKS.md}. Not part of the normal build.
 */
class PaymentBenchmark {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  static final int PAYMENTS = Integer.getInteger("bench.payments", 200);

  record Result(String scenario, int payments, double authorizeCommandsPerSecond,
      double captureCommandsPerSecond, double commandsPerSecond,
      Map<String, double[]> latencyByOperation, long tries, long failedTries, long parked) {}

  @Test
  @DisplayName("benchmark: authorize + capture throughput and Stripe latency, clean and faulty")
  void benchmark() throws IOException {
    run("warm-up", List.of(), Math.min(PAYMENTS, 20)); // JIT, topic metadata, pools: not reported
    List<Result> results = new ArrayList<>();
    results.add(run("no faults", List.of()));
    results.add(run("faults", List.of(
        FaultRule.latency("POST /v1/payment_intents", 200).withProbability(0.2, 1),
        FaultRule.http5xx("POST /v1/payment_intents", 503).withProbability(0.1, 2),
        FaultRule.connectionReset("POST /v1/payment_intents").withProbability(0.05, 3),
        FaultRule.appliedResponseLost("POST /v1/payment_intents").withProbability(0.05, 4),
        FaultRule.rateLimit("POST /v1/payment_intents/*/capture", 1).withProbability(0.05, 5),
        FaultRule.http5xx("POST /v1/payment_intents/*/capture", 500).withProbability(0.1, 6),
        FaultRule.appliedResponseLost("POST /v1/payment_intents/*/capture")
            .withProbability(0.05, 7),
        FaultRule.latency("POST /v1/payment_intents/*/capture", 200).withProbability(0.2, 8))));
    String report = report(results);
    System.out.println(report);
    Files.writeString(Path.of("BENCHMARKS.md"), report);
    results.forEach(r -> assertThat(r.parked()).isZero());
  }

  private Result run(String scenario, List<FaultRule> faults) {
    return run(scenario, faults, PAYMENTS);
  }

  private Result run(String scenario, List<FaultRule> faults, int payments) {
    stripe.control.clearFaults();
    faults.forEach(stripe.control::addFault);
    String prefix = "bench-" + scenario.replace(' ', '-') + "-" + System.nanoTime() + "-";
    List<String> reservations = new ArrayList<>();
    for (int i = 0; i < payments; i++) {
      reservations.add(prefix + i);
    }

    Instant authStart = Instant.now();
    reservations.forEach(r -> sut.send(r, authorize(r, 1000 + reservations.indexOf(r))));
    List<PaymentAuthorizationStarted> started =
        awaitAll(prefix, PaymentAuthorizationStarted.class, payments);
    Duration authorizePhase = Duration.between(authStart, Instant.now());

    stripe.control.clearFaults(); // the customer's own confirmations are not what we measure
    ExecutorService customers = Executors.newFixedThreadPool(8);
    started.forEach(s -> customers.submit(() -> stripe.customerConfirms(s, "pm_card_visa")));
    customers.shutdown();
    try {
      customers.awaitTermination(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitAll(prefix, PaymentAuthorized.class, payments);
    faults.forEach(stripe.control::addFault);

    Instant captureStart = Instant.now();
    for (PaymentAuthorizationStarted s : started) {
      sut.send(s.getReservationId(), capture(s.getReservationId(), s.getAmountMinor()));
    }
    awaitAll(prefix, PaymentCaptured.class, payments);
    Duration capturePhase = Duration.between(captureStart, Instant.now());
    stripe.control.clearFaults();

    Map<String, double[]> latency = new java.util.TreeMap<>();
    for (Map<String, Object> row : sut.jdbc.queryForList("""
        select operation,
               percentile_cont(0.5) within group (order by latency_ms) as p50,
               percentile_cont(0.99) within group (order by latency_ms) as p99,
               count(*) as n
        from stripe_calls where reservation_id like ? group by operation""", prefix + "%")) {
      latency.put((String) row.get("operation"), new double[] {
          ((Number) row.get("p50")).doubleValue(), ((Number) row.get("p99")).doubleValue(),
          ((Number) row.get("n")).doubleValue()});
    }
    long tries = count("select count(*) from stripe_calls where reservation_id like ?", prefix);
    long failed = count("select count(*) from stripe_calls where reservation_id like ?"
        + " and outcome <> 'OK'", prefix);
    long parked = count("select count(*) from payments where reservation_id like ?"
        + " and status = 'PARKED'", prefix);
    assertThat(count("select count(*) from captures where reservation_id like ?", prefix))
        .isEqualTo(payments);
    double authRate = payments / seconds(authorizePhase);
    double captureRate = payments / seconds(capturePhase);
    double overall = 2.0 * payments / (seconds(authorizePhase) + seconds(capturePhase));
    return new Result(scenario, payments, authRate, captureRate, overall, latency, tries, failed,
        parked);
  }

  private long count(String sql, String prefix) {
    return sut.jdbc.queryForObject(sql, Long.class, prefix + "%");
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static <T> List<T> awaitAll(String prefix, Class<T> type, int payments) {
    return await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
        .until(() -> sut.events(key -> key.startsWith(prefix), type), l -> l.size() >= payments);
  }

  private static String report(List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("# payment-service benchmark\n\n")
        .append("`./mvnw -B -pl payment-service -Pbenchmark verify` (").append(PAYMENTS)
        .append(" payments per scenario; `-Dbench.payments=N` to change). One service instance,")
        .append(" in-process Stripe simulator, embedded Kafka and PostgreSQL on the same ")
        .append(Runtime.getRuntime().availableProcessors()).append("-core machine; ")
        .append("throughput is end to end: command produced → fact on `payment.events` ")
        .append("(through the outbox relay). Latency is per Stripe HTTP try. System load average ")
        .append("at the end of the run: ").append(String.format(Locale.ROOT, "%.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()))
        .append(" (other builds share the machine). A 20-payment warm-up is not reported.\n\n")
        .append("| scenario | authorize cmd/s | capture cmd/s | all cmd/s | Stripe tries | failed tries | parked |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d | %d | %d |%n",
          r.scenario(), r.authorizeCommandsPerSecond(), r.captureCommandsPerSecond(),
          r.commandsPerSecond(), r.tries(), r.failedTries(), r.parked()));
    }
    b.append("\n| scenario | operation | calls | p50 ms | p99 ms |\n|---|---|---:|---:|---:|\n");
    for (Result r : results) {
      r.latencyByOperation().forEach((op, v) -> b.append(String.format(Locale.ROOT,
          "| %s | %s | %.0f | %.0f | %.0f |%n", r.scenario(), op, v[2], v[0], v[1])));
    }
    b.append("\nFaults scenario: on create 20% +200 ms latency, 10% 503, 5% connection reset, ")
        .append("5% applied-but-response-lost; on capture 5% 429 (Retry-After 1 s), 10% 500, ")
        .append("5% applied-but-response-lost, 20% +200 ms latency. Every payment still ends ")
        .append("with exactly one intent and one recorded capture.\n");
    return b.toString();
  }
}
