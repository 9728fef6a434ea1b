package com.bookiji.loadtest;

import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.ProblemException;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.StatusRead;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The volume benchmark of the whole local stack: N concurrent requesters each book reservations
 * one after another through the public API, exactly as a frontend does (POST with an
 * Idempotency-Key, wait for the client secret, confirm the card at the simulator while the vendor
 * confirms, wait for CONFIRMED). Prints confirmed reservations/s, POST latency, POST → CONFIRMED
 * latency, and each stack process's CPU and memory, and rewrites the load section of
 * docs/benchmarks.md. Traffic goes to loopback only; every loop is bounded in count and time.
 */
public final class LoadBenchmark {

  private static final int RESERVATION_PORT = 8080;
  private static final int AVAILABILITY_PORT = 8082;
  private static final int SIMULATOR_PORT = 12111;
  private static final String PUBLISHABLE_KEY = "pk_test_bookiji";
  private static final int SLOT_BATCH = 200;
  static final String LOAD_GENERATOR = "load generator (this JVM)";

  /** One reservation as the requester saw it; times are System.nanoTime values, -1 when absent. */
  record Sample(long startNanos, long postNanos, long secretNanos, long doneNanos, String outcome, long serverNanos,
      Map<String, Long> steps) {
    Sample(long startNanos, long postNanos, long secretNanos, long doneNanos, String outcome, long serverNanos) {
      this(startNanos, postNanos, secretNanos, doneNanos, outcome, serverNanos, Map.of());
    }
  }

  record Slot(String id, String vendorId) {}

  private final Options options;
  private final int portOffset;
  private final String reservationUrl;
  private final TokenMinter minter;
  private final Duration tokenTtl;
  private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemon("http"));
  private final HttpClient http = StackApi.httpClient(httpExecutor);
  private final StackApi actuator = new StackApi(http);
  private final BookingClient api;
  private final StripeJs browser;
  /** The outcomes (state names) the API flagged terminal: the rest were not seen to end. */
  private final Set<String> terminalOutcomes = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, String> vendorTokens = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();
  private final LongAdder confirmed = new LongAdder();
  private final LongAdder gets = new LongAdder();
  private volatile boolean stop;

  LoadBenchmark(Options options, int portOffset, String jwtSecret) {
    this.options = options;
    this.portOffset = portOffset;
    String base = "http://" + options.baseHost() + ":";
    this.reservationUrl = base + (RESERVATION_PORT + portOffset);
    this.api = new BookingClient(URI.create(reservationUrl), URI.create(base + (AVAILABILITY_PORT + portOffset)), http);
    this.browser = new StripeJs(URI.create(base + (SIMULATOR_PORT + portOffset)), PUBLISHABLE_KEY, http);
    this.minter = new TokenMinter(jwtSecret);
    this.tokenTtl = Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds() + 3600L);
  }

  public static void main(String[] args) throws Exception {
    Path repo = Options.findRepo(Path.of(""));
    Options options = CommandLines.parseOrExit(() -> Options.parse(args, repo));
    int code = run(options);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Exit code: 0, 2 when the stack is not there, 1 when {@code --quick} finds something not accounted for. */
  static int run(Options options) throws Exception {
    Result result;
    try {
      result = measure(options);
    } catch (StackNotReady e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (options.quick()) {
      List<String> lost = result.unaccounted();
      System.out.println(lost.isEmpty() ? "quick run: nothing lost" : "quick run: NOT ACCOUNTED FOR: " + String.join("; ", lost));
      return lost.isEmpty() && result.reservationsStarted() > 0 ? 0 : 1;
    }
    return 0;
  }

  /** The stack this run should load is not (fully) there. */
  public static final class StackNotReady extends Exception {
    StackNotReady(String message) {
      super(message);
    }
  }

  /** One whole run (quiet phase, load, drain, baseline), printed and, unless told not to, written to the report. */
  public static Result measure(Options options) throws Exception {
    Path secretFile = options.stateDir().resolve("jwt-secret");
    if (!Files.exists(secretFile)) {
      throw new StackNotReady("no " + secretFile + ": start the stack first (./bookiji up) or pass --state-dir");
    }
    int offset = options.portOffset() != null ? options.portOffset() : portOffset(options.stateDir());
    LoadBenchmark bench = new LoadBenchmark(options, offset, Files.readString(secretFile).trim());
    try {
      return bench.execute();
    } finally {
      bench.httpExecutor.shutdownNow();
    }
  }

  static int portOffset(Path stateDir) throws IOException {
    Path settings = stateDir.resolve("stack.properties");
    if (!Files.exists(settings)) {
      return 0;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(settings)) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("port-offset", "0").trim());
  }

  private Result execute() throws Exception {
    StackApi.Reply ready = actuator.get(reservationUrl + "/actuator/health/readiness", null);
    if (!ready.ok()) {
      throw new StackNotReady("reservation-service at " + reservationUrl + " is not ready (" + ready.describe()
          + "): start the stack with ./bookiji up");
    }
    ProcFs proc = ProcFs.system();
    Map<String, Long> pids = new LinkedHashMap<>(StackProcesses.fromPidFiles(options.stateDir()));
    if (pids.isEmpty()) {
      System.out.println("warning: no live pid files in " + options.stateDir().resolve("run") + "; no process figures");
    }
    Map<String, Long> measured = new LinkedHashMap<>(pids);
    measured.put(LOAD_GENERATOR, ProcessHandle.current().pid());

    Instant startedAt = Instant.now();
    System.out.printf("Load benchmark against %s: %s, %d s quiet, %d s warm-up + %d s measured, at most %d reservations%n",
        reservationUrl, options.loadModel(), options.idleSeconds(), options.warmupSeconds(), options.durationSeconds(),
        options.reservations());
    List<ProcessSampler.ProcessFigures> idle = quietPhase(proc, measured);
    String idleLoad = proc.loadAverage();

    long t = System.nanoTime();
    List<Slot> slots = createSlots();
    System.out.printf("created %d free slots for %d vendors in %.1f s%n", slots.size(), options.vendors(),
        (System.nanoTime() - t) / 1e9);
    ConcurrentLinkedQueue<Slot> free = new ConcurrentLinkedQueue<>(slots);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < options.requesters(); i++) {
      tokens.add(minter.mint("load-requester-" + i, Role.REQUESTER, Instant.now(), Instant.now().plus(tokenTtl)));
    }

    Result result;
    try (ProcessSampler sampler = new ProcessSampler(proc, measured, clockTicksPerSecond(), Set.of(LOAD_GENERATOR))) {
      sampler.startSampling();
      String loadBefore = proc.loadAverage();
      long begin = System.nanoTime();
      long measureStart = begin + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
      long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(options.durationSeconds());

      Load load = options.openModel() ? openModel(free, tokens, begin, measureEnd) : closedLoop(free, tokens, measureEnd);
      boolean marked = false;
      long lastProgress = System.nanoTime();
      while (!load.finished()) {
        long now = System.nanoTime();
        if (!marked && now >= measureStart) {
          sampler.markStart();
          marked = true;
        }
        if (now >= measureEnd) {
          break;
        }
        if (now - lastProgress >= TimeUnit.SECONDS.toNanos(5)) {
          lastProgress = now;
          System.out.printf("  %5.0f s  started %d  confirmed %d  errors %d  load %s%n", (now - begin) / 1e9,
              started.get(), confirmed.sum(), errors.values().stream().mapToLong(LongAdder::sum).sum(), proc.loadAverage());
        }
        load.awaitFinished(Math.min(200, Math.max(1, (Math.min(measureEnd, now + 200_000_000L) - now) / 1_000_000)));
      }
      if (!marked) {
        sampler.markStart();
      }
      sampler.markEnd();
      long windowEnd = Math.min(System.nanoTime(), measureEnd);
      String loadAfter = proc.loadAverage();
      stop = true;
      System.out.println("window closed; waiting for reservations in flight ...");
      OpenLoop.Counts arrivals = load.drain(options.confirmTimeoutSeconds() + 30L);
      boolean exhausted = free.isEmpty() && windowEnd < measureEnd;
      InsertBaseline.Figures baseline = null;
      String baselineProblem = null;
      if (options.baselineSeconds() > 0) {
        System.out.printf("baseline: single-row INSERTs with %d clients for %d s ...%n", options.requesters(), options.baselineSeconds());
        try {
          baseline = InsertBaseline.forStack(options.baseHost(), portOffset)
              .run(options.requesters(), TimeUnit.SECONDS.toNanos(options.baselineSeconds()));
        } catch (Exception e) {
          baselineProblem = "the baseline failed: " + e;
          System.out.println("warning: " + baselineProblem);
        }
      }
      result = result(startedAt, measureStart, windowEnd, sampler, loadBefore, loadAfter, exhausted, proc, idle, idleLoad,
          baseline, baselineProblem, arrivals);
    }
    String section = BenchmarkReport.markdown(result);
    System.out.println();
    System.out.println(section);
    if (options.writeReport()) {
      BenchmarkReport.writeSection(options.report(), section);
      System.out.println("written to " + options.report());
    }
    return result;
  }

  /** The quiet phase: no request at all, the stack's processes' CPU measured (what an idle stack costs). */
  private List<ProcessSampler.ProcessFigures> quietPhase(ProcFs proc, Map<String, Long> measured) throws InterruptedException {
    if (options.idleSeconds() == 0) {
      return List.of();
    }
    System.out.printf("quiet phase: %d s without traffic, measuring idle CPU ...%n", options.idleSeconds());
    try (ProcessSampler idle = new ProcessSampler(proc, measured, clockTicksPerSecond(), Set.of(LOAD_GENERATOR))) {
      idle.markStart();
      // The measurement itself: the stack is left alone for this long.
      TimeUnit.SECONDS.sleep(options.idleSeconds());
      idle.markEnd();
      List<ProcessSampler.ProcessFigures> figures = idle.figures();
      System.out.printf("idle stack CPU: %.1f %% of one core%n", Result.stackCpuPercent(figures));
      return figures;
    }
  }

  /** The running load, either model: finished when every reservation ended; drained after the window. */
  private interface Load {
    boolean finished();

    void awaitFinished(long millis) throws InterruptedException;

    /** Waits for reservations in flight; the open model's arrival counts, or null. */
    OpenLoop.Counts drain(long timeoutSeconds) throws Exception;
  }

  private Load closedLoop(ConcurrentLinkedQueue<Slot> free, List<String> tokens, long measureEnd) {
    ExecutorService requesters = Executors.newFixedThreadPool(options.requesters(), daemon("requester"));
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < options.requesters(); i++) {
      String requesterId = "load-requester-" + i;
      String token = tokens.get(i);
      loops.add(requesters.submit(() -> requesterLoop(requesterId, token, free, measureEnd)));
    }
    requesters.shutdown();
    return new Load() {
      @Override
      public boolean finished() {
        return requesters.isTerminated();
      }

      @Override
      public void awaitFinished(long millis) throws InterruptedException {
        requesters.awaitTermination(millis, TimeUnit.MILLISECONDS);
      }

      @Override
      public OpenLoop.Counts drain(long timeoutSeconds) throws InterruptedException {
        if (!requesters.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
          System.out.println("warning: some requesters did not finish in time");
          requesters.shutdownNow();
        }
        for (Future<?> f : loops) {
          if (f.isDone() && !f.isCancelled()) {
            try {
              f.get();
            } catch (java.util.concurrent.ExecutionException e) {
              System.out.println("warning: a requester loop failed: " + e.getCause());
            }
          }
        }
        return null;
      }
    };
  }

  private Load openModel(ConcurrentLinkedQueue<Slot> free, List<String> tokens, long begin, long measureEnd) {
    OpenLoop loop = new OpenLoop(options.rate(), options.maxInFlight(), OpenLoop.Ticker.SYSTEM);
    ExecutorService arrivals = Executors.newCachedThreadPool(daemon("arrival"));
    ExecutorService scheduler = Executors.newSingleThreadExecutor(daemon("arrival-scheduler"));
    AtomicInteger next = new AtomicInteger();
    Future<OpenLoop.Counts> schedule = scheduler.submit(() -> loop.run(begin, measureEnd,
        () -> !stop && !free.isEmpty() && started.get() < options.reservations(), arrivals, () -> {
          int k = next.getAndIncrement() % tokens.size();
          Slot slot = claim(free);
          if (slot != null) {
            reserveAndRecord("load-requester-" + k, tokens.get(k), slot);
          }
        }));
    scheduler.shutdown();
    return new Load() {
      @Override
      public boolean finished() {
        return schedule.isDone() && loop.inFlight() == 0;
      }

      @Override
      public void awaitFinished(long millis) throws InterruptedException {
        scheduler.awaitTermination(millis, TimeUnit.MILLISECONDS);
      }

      @Override
      public OpenLoop.Counts drain(long timeoutSeconds) throws Exception {
        OpenLoop.Counts counts = schedule.get(timeoutSeconds, TimeUnit.SECONDS);
        arrivals.shutdown();
        if (!arrivals.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
          System.out.println("warning: some reservations did not finish in time");
          arrivals.shutdownNow();
        }
        return counts;
      }
    };
  }

  private void requesterLoop(String requesterId, String token, ConcurrentLinkedQueue<Slot> free, long measureEnd) {
    while (!stop && System.nanoTime() < measureEnd && started.get() < options.reservations()) {
      Slot slot = claim(free);
      if (slot == null || !reserveAndRecord(requesterId, token, slot)) {
        return;
      }
    }
  }

  /** A free slot, counted as started, or null when the slots or the reservation budget ran out. */
  private Slot claim(ConcurrentLinkedQueue<Slot> free) {
    int n;
    do {
      n = started.get();
      if (n >= options.reservations()) {
        return null;
      }
    } while (!started.compareAndSet(n, n + 1));
    Slot slot = free.poll();
    if (slot == null) {
      started.decrementAndGet();
    }
    return slot;
  }

  /** Every started reservation leaves exactly one sample, whatever happens; false once interrupted. */
  private boolean reserveAndRecord(String requesterId, String token, Slot slot) {
    long t0 = System.nanoTime();
    try {
      samples.add(reserve(requesterId, token, slot));
      return true;
    } catch (InterruptedException e) {
      samples.add(new Sample(t0, -1, -1, -1, "INTERRUPTED", -1));
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      error("client " + e.getClass().getSimpleName());
      samples.add(new Sample(t0, -1, -1, -1, "CLIENT_ERROR " + e.getClass().getSimpleName(), -1));
      return true;
    }
  }

  /** One reservation from POST to a terminal state (or the per-reservation deadline). */
  private Sample reserve(String requesterId, String token, Slot slot) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(options.confirmTimeoutSeconds());
    Reservation placed;
    try {
      placed = api.reserve(token, slot.id(), UUID.randomUUID().toString()).reservation();
    } catch (ProblemException refused) {
      error("POST /reservations " + refused.describe());
      return new Sample(t0, System.nanoTime() - t0, -1, -1, "POST_REFUSED", -1);
    } catch (IOException e) {
      error("POST /reservations " + e.getClass().getSimpleName());
      return new Sample(t0, -1, -1, -1, "POST_FAILED", -1);
    }
    long t1 = System.nanoTime();

    StatusRead view = new StatusRead(placed, null);
    Backoff backoff = new Backoff(options.pollIntervalMillis(), options.maxPollIntervalMillis());
    while (view.reservation().clientSecret().isEmpty() && !view.reservation().terminal() && System.nanoTime() < deadline) {
      view = poll(token, view, backoff);
    }
    long tSecret = -1;
    Optional<String> secret = view.reservation().clientSecret();
    if (secret.isPresent() && !view.reservation().terminal()) {
      tSecret = System.nanoTime() - t0;
      // The requester's browser confirms the card while the vendor decides: both at once, as people do.
      CompletableFuture<StripeJs.Confirmation> card = async(() -> browser.confirmCard(secret.get(), "pm_card_visa"));
      CompletableFuture<Reservation> vendor = async(() -> api.decide(vendorToken(slot.vendorId()), placed.id(),
          VendorDecision.CONFIRM, "load benchmark"));
      StripeJs.Confirmation confirmation = card.get(20, TimeUnit.SECONDS);
      if (!confirmation.ok()) {
        error("card confirm " + confirmation.describe());
      }
      try {
        vendor.get(20, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof ProblemException refused)) {
          throw e;
        }
        error("POST vendor-decision " + refused.describe());
      }
    }
    backoff = new Backoff(options.pollIntervalMillis(), options.maxPollIntervalMillis());
    while (!view.reservation().terminal() && System.nanoTime() < deadline) {
      view = poll(token, view, backoff);
    }
    long done = System.nanoTime();
    Reservation last = view.reservation();
    if (!last.terminal()) {
      return new Sample(t0, t1 - t0, tSecret, -1, "TIMEOUT in " + last.state(), -1);
    }
    terminalOutcomes.add(last.state());
    if ("CONFIRMED".equals(last.state())) {
      confirmed.increment();
    }
    return new Sample(t0, t1 - t0, tSecret, done, last.state(), serverNanos(last), steps(last));
  }

  private <T> CompletableFuture<T> async(Callable<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, httpExecutor);
  }

  /**
   * Time from one timeline line to the next, keyed by what caused the later one (its trigger):
   * where a reservation's time goes, hop by hop. The first line is measured from createdAt.
   */
  static Map<String, Long> steps(Reservation view) {
    Map<String, Long> steps = new LinkedHashMap<>();
    Instant previous = view.createdAt();
    for (Reservation.TimelineLine line : view.timeline()) {
      if (previous == null || line.at() == null) {
        return Map.of();
      }
      String key = (line.trigger() == null ? "?" : line.trigger()) + " → " + line.toState();
      steps.merge(key, Duration.between(previous, line.at()).toNanos(), Long::sum);
      previous = line.at();
    }
    return steps;
  }

  /**
   * Waits, then reads the reservation once. The wait grows while nothing changes: a requester that
   * polls at a fixed rate while the saga is slow would multiply the load exactly when the stack is
   * already behind.
   */
  private StatusRead poll(String token, StatusRead previous, Backoff backoff) throws Exception {
    Thread.sleep(backoff.next());
    gets.increment();
    Optional<StatusRead> changed;
    try {
      // If-None-Match with the last ETag, as a frontend sends it: 304 from one row read until the reservation changes.
      changed = api.readIfChanged(token, previous);
    } catch (ProblemException refused) {
      error("GET /reservations/{id} " + refused.describe());
      return previous;
    }
    if (changed.isEmpty()) {
      return previous;
    }
    Reservation before = previous.reservation();
    Reservation now = changed.get().reservation();
    if (!now.state().equals(before.state()) || !now.clientSecret().equals(before.clientSecret())) {
      backoff.reset();
    }
    return changed.get();
  }

  /** Poll waits: the initial interval, growing by half up to the maximum; a change starts it over. */
  static final class Backoff {
    private final long initial;
    private final long max;
    private long current;

    Backoff(long initialMillis, long maxMillis) {
      this.initial = initialMillis;
      this.max = Math.max(initialMillis, maxMillis);
      this.current = initialMillis;
    }

    long next() {
      long wait = current;
      current = Math.min(max, current + Math.max(1, current / 2));
      return wait;
    }

    void reset() {
      current = initial;
    }
  }

  /** createdAt → the timeline line that entered CONFIRMED, as the service recorded it; -1 without one. */
  static long serverNanos(Reservation view) {
    return view.entered("CONFIRMED").filter(line -> view.createdAt() != null && line.at() != null)
        .map(line -> Duration.between(view.createdAt(), line.at()).toNanos()).orElse(-1L);
  }

  private String vendorToken(String vendorId) {
    return vendorTokens.computeIfAbsent(vendorId,
        v -> minter.mint(v, Role.VENDOR, Instant.now(), Instant.now().plus(tokenTtl)));
  }

  private void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Free slots for fresh vendors of this run, spread so that neighbouring requests hit different vendors. */
  private List<Slot> createSlots() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int vendors = options.vendors();
    int perVendor = (options.reservations() + vendors - 1) / vendors;
    Instant base = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    ExecutorService pool = Executors.newFixedThreadPool(2, daemon("slots"));
    try {
      List<Future<List<Slot>>> futures = new ArrayList<>();
      for (int v = 0; v < vendors; v++) {
        String vendorId = "load-" + run + "-vendor-" + v;
        futures.add(pool.submit(() -> createVendorSlots(vendorId, perVendor, base)));
      }
      List<List<Slot>> perVendorSlots = new ArrayList<>();
      for (Future<List<Slot>> f : futures) {
        perVendorSlots.add(f.get(600, TimeUnit.SECONDS));
      }
      List<Slot> interleaved = new ArrayList<>();
      for (int i = 0; i < perVendor; i++) {
        for (List<Slot> s : perVendorSlots) {
          if (i < s.size()) {
            interleaved.add(s.get(i));
          }
        }
      }
      return interleaved.subList(0, Math.min(interleaved.size(), options.reservations()));
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Slot> createVendorSlots(String vendorId, int count, Instant base) throws Exception {
    String token = vendorToken(vendorId);
    List<Slot> created = new ArrayList<>();
    for (int from = 0; from < count; from += SLOT_BATCH) {
      List<NewSlot> batch = new ArrayList<>();
      for (int k = from; k < Math.min(count, from + SLOT_BATCH); k++) {
        batch.add(NewSlot.of(base.plus(30L * k, ChronoUnit.MINUTES), Duration.ofMinutes(30), "Europe/Berlin", 4500, "EUR"));
      }
      for (com.bookiji.platform.client.Slot s : api.createSlots(token, vendorId, batch)) {
        created.add(new Slot(s.id(), vendorId));
      }
    }
    return created;
  }

  private Result result(Instant startedAt, long measureStart, long windowEnd, ProcessSampler sampler,
      String loadBefore, String loadAfter, boolean exhausted, ProcFs proc, List<ProcessSampler.ProcessFigures> idle,
      String idleLoad, InsertBaseline.Figures baseline, String baselineProblem, OpenLoop.Counts arrivals) {
    List<Sample> all = List.copyOf(samples);
    List<Sample> inWindow = all.stream()
        .filter(s -> s.startNanos() >= measureStart && s.startNanos() < windowEnd).toList();
    Histogram post = LatencySummary.newHistogram();
    Histogram e2e = LatencySummary.newHistogram();
    Histogram server = LatencySummary.newHistogram();
    Histogram secret = LatencySummary.newHistogram();
    Map<String, Histogram> stepHistograms = new LinkedHashMap<>();
    for (Sample s : inWindow) {
      if (s.postNanos() >= 0) {
        post.recordValue(s.postNanos());
      }
      if (s.serverNanos() >= 0) {
        server.recordValue(s.serverNanos());
      }
      if (s.secretNanos() >= 0) {
        secret.recordValue(s.secretNanos());
      }
      if ("CONFIRMED".equals(s.outcome())) {
        e2e.recordValue(s.doneNanos() - s.startNanos());
        s.steps().forEach((k, v) -> stepHistograms.computeIfAbsent(k, key -> LatencySummary.newHistogram()).recordValue(Math.max(0, v)));
      }
    }
    long[] completions = all.stream().filter(s -> "CONFIRMED".equals(s.outcome()))
        .mapToLong(s -> s.doneNanos() - measureStart).toArray();
    long window = windowEnd - measureStart;
    Throughput throughput = Throughput.of(completions, window, Math.min(window, TimeUnit.SECONDS.toNanos(10)));
    Map<String, LatencySummary> steps = new LinkedHashMap<>();
    stepHistograms.forEach((k, v) -> steps.put(k, LatencySummary.of(v)));
    Map<String, Long> outcomes = new TreeMap<>();
    inWindow.forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    Map<String, Long> allOutcomes = new TreeMap<>();
    all.forEach(s -> allOutcomes.merge(s.outcome(), 1L, Long::sum));
    return new Result(options, startedAt, machine(proc), System.getProperty("java.version"), loadBefore, loadAfter,
        started.get(), all.size(), inWindow.size(), Collections.unmodifiableMap(outcomes), allOutcomes, errorCounts, throughput,
        LatencySummary.of(post), LatencySummary.of(e2e), LatencySummary.of(server),
        LatencySummary.of(secret), steps, sampler.figures(), sampler.peakTotalRssKiB(), sampler.peakTotalPssKiB(),
        sampler.machineBusyPercent(), exhausted, gets.sum(), idle, idleLoad, baseline, baselineProblem, arrivals,
        Set.copyOf(terminalOutcomes));
  }

  private static String machine(ProcFs proc) {
    long memKiB = proc.memTotalKiB().orElse(0);
    return String.format(java.util.Locale.ROOT, "%d CPUs (nproc), %.1f GiB RAM, %s %s", Runtime.getRuntime().availableProcessors(),
        memKiB / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the Linux default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
