package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.StackApi;
import com.bookiji.loadtest.StackApi.Reply;
import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.Placed;
import com.bookiji.platform.client.ProblemException;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.Slot;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The human steps, through the public APIs only: vendors create slots, requesters reserve and
 * confirm their card at the simulator (as Stripe.js would), vendors decide. The booking calls go
 * through the typed {@link BookingClient}; what the suite examines is what the API answered, a
 * value or a refusal ({@link Answer}). Each run uses fresh vendor and requester ids, so runs never
 * see each other's data.
 */
public final class StressApi {

  public static final long PRICE = 4200;

  /**
   * What the public API answered one call: the value, or the refusal with its status and problem
   * code. The suite provokes refusals on purpose (races, replays, late answers), so they are data here.
   */
  public record Answer<T>(T value, ProblemException refusal) {

    /** A call of the booking client, with its refusal caught (I/O failures still throw). */
    interface Call<T> {
      T call() throws IOException, InterruptedException;
    }

    static <T> Answer<T> of(Call<T> call) throws IOException, InterruptedException {
      try {
        return new Answer<>(call.call(), null);
      } catch (ProblemException refused) {
        return new Answer<>(null, refused);
      }
    }

    public boolean ok() {
      return refusal == null;
    }

    /** The refusal's HTTP status; 0 when the call succeeded. */
    public int refusedWith() {
      return ok() ? 0 : refusal.status();
    }

    /** "accepted", or "HTTP 409 NOT_AWAITING_VENDOR". */
    public String describe() {
      return ok() ? "accepted" : refusal.describe();
    }
  }

  private final StressStack stack;
  private final StackApi http;
  private final BookingClient booking;
  private final StripeJs browser;
  private final TokenMinter minter;
  private final String runId;
  private final AtomicInteger slotHour = new AtomicInteger();
  private final StrayMessages strays;

  public StressApi(StressStack stack, ExecutorService executor, String runId) throws IOException {
    this.stack = stack;
    HttpClient client = StackApi.httpClient(executor);
    this.http = new StackApi(client);
    this.booking = new BookingClient(URI.create(stack.reservationUrl()), URI.create(stack.availabilityUrl()), client);
    this.browser = new StripeJs(URI.create(stack.simulatorUrl()), StressStack.SIM_PUBLISHABLE_KEY, client);
    this.minter = new TokenMinter(stack.jwtSecret());
    this.runId = runId;
    this.strays = new StrayMessages(stack);
  }

  /** Messages published behind the services' back (and whose dead letters are therefore expected). */
  public StrayMessages strays() { return strays; }

  /** Raw requests: actuator, the ops API, the simulator. */
  public StackApi http() { return http; }

  public BookingClient booking() { return booking; }

  public StressStack stack() { return stack; }

  public String token(String subject, Role role) {
    return minter.mint(subject, role, Instant.now(), Instant.now().plus(Duration.ofHours(6)));
  }

  public String ops() { return token("stress-oncall", Role.OPS); }

  public String newVendor(String testId) {
    return "stress-" + runId + "-" + testId.replace('.', '_') + "-v" + UUID.randomUUID().toString().substring(0, 6);
  }

  public String newRequester(String testId) {
    return "stress-" + runId + "-" + testId.replace('.', '_') + "-r" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** {@code count} consecutive 30-minute slots of one vendor, far in the future, through the batch API. */
  public List<String> createSlots(String vendorId, int count) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    Instant base = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
        .plus(slotHour.getAndAdd(count + 1) , ChronoUnit.HOURS);
    for (int from = 0; from < count; from += 200) {
      List<NewSlot> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 200); i++) {
        batch.add(NewSlot.of(base.plus(i * 30L, ChronoUnit.MINUTES), Duration.ofMinutes(30), "Europe/Berlin", PRICE, "EUR"));
      }
      booking.createSlots(token(vendorId, Role.VENDOR), vendorId, batch).forEach(slot -> ids.add(slot.id()));
    }
    return ids;
  }

  public Answer<Placed> reserve(String requester, String slotId, String idempotencyKey) throws IOException, InterruptedException {
    return Answer.of(() -> booking.reserve(token(requester, Role.REQUESTER), slotId, idempotencyKey));
  }

  /** Reserves and returns the reservation id (fails the test on any refusal). */
  public String reserveOk(String requester, String slotId) throws IOException, InterruptedException {
    Answer<Placed> r = reserve(requester, slotId, UUID.randomUUID().toString());
    expectOk(r, "POST /reservations for slot " + slotId);
    return r.value().reservation().id();
  }

  public Reservation reservation(String id) throws IOException, InterruptedException {
    return booking.reservation(ops(), id);
  }

  public String state(String id) throws IOException, InterruptedException {
    return reservation(id).state();
  }

  /** The client secret, which only the requester sees, once payment-service created the intent. */
  public String awaitClientSecret(String requester, String id, Duration within) throws Exception {
    return Wait.until("client secret of " + id, within, () -> {
      Reservation r = booking.reservation(token(requester, Role.REQUESTER), id);
      if (r.terminal()) {
        throw new AssertionError("reservation " + id + " ended " + r.state() + " before its payment was created");
      }
      return r.clientSecret().orElse(null);
    });
  }

  public static String intentOf(String clientSecret) {
    return StripeJs.intentOf(clientSecret);
  }

  /** The requester confirms the card at the simulator with the publishable key, as Stripe.js does. */
  public StripeJs.Confirmation confirmCard(String clientSecret, String paymentMethod) throws IOException, InterruptedException {
    return browser.confirmCard(clientSecret, paymentMethod);
  }

  public Answer<Reservation> vendorDecision(String vendorId, String id, VendorDecision decision)
      throws IOException, InterruptedException {
    return Answer.of(() -> booking.decide(token(vendorId, Role.VENDOR), id, decision, "stress suite"));
  }

  public Answer<Slot> blockSlot(String vendorId, String slotId) throws IOException, InterruptedException {
    return Answer.of(() -> booking.blockSlot(token(vendorId, Role.VENDOR), vendorId, slotId));
  }

  /** The requester cancels its own reservation. */
  public Answer<Reservation> cancel(String requester, String id) throws IOException, InterruptedException {
    return Answer.of(() -> booking.cancel(token(requester, Role.REQUESTER), id));
  }

  /** A reservation driven to CONFIRMED's doorstep: reserved, card confirmed, vendor confirmed. */
  public String bookHappily(String vendorId, String requester, String slotId) throws Exception {
    String id = reserveOk(requester, slotId);
    String secret = awaitClientSecret(requester, id, Duration.ofSeconds(90));
    expectOk(confirmCard(secret, "pm_card_visa"), "confirm card of " + id);
    expectOk(vendorDecision(vendorId, id, VendorDecision.CONFIRM), "vendor confirms " + id);
    return id;
  }

  public static void expectOk(Answer<?> r, String what) {
    if (!r.ok()) {
      throw new AssertionError(what + ": " + r.describe() + " " + r.refusal().body());
    }
  }

  public static void expectOk(StripeJs.Confirmation r, String what) {
    if (!r.ok()) {
      throw new AssertionError(what + ": " + r.describe());
    }
  }

  public static void expectOk(Reply r, String what) {
    if (!r.ok()) {
      throw new AssertionError(what + ": " + r.describe() + " " + r.body());
    }
  }

  /** Waits until every reservation is terminal (the API's flag); returns id → state. */
  public Map<String, String> awaitTerminal(List<String> ids, Duration within) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    awaitStates(ids, within, Reservation::terminal).forEach((id, r) -> states.put(id, r.state()));
    return states;
  }

  /** Waits until {@code done} holds for every reservation; returns id → the reservation as last read. */
  public Map<String, Reservation> awaitStates(List<String> ids, Duration within, Predicate<Reservation> done) throws Exception {
    Map<String, Reservation> seen = new LinkedHashMap<>();
    Wait.until(ids.size() + " reservations to reach their end", within, () -> {
      for (String id : ids) {
        if (!seen.containsKey(id) || !done.test(seen.get(id))) {
          seen.put(id, reservation(id));
        }
      }
      return seen.values().stream().allMatch(done) ? seen : null;
    }, () -> "states: " + seen.values().stream().map(r -> r.id() + "=" + r.state()).toList());
    return seen;
  }

  // ---- the simulator's API with the secret key (what a person with Dashboard access could do) ----

  public Reply stripe(String method, String path, Map<String, String> form) throws IOException, InterruptedException {
    return http.send(method, stack.simulatorUrl() + path, StressStack.SIM_SECRET_KEY,
        "application/x-www-form-urlencoded", form == null ? null : StackApi.form(form), Map.of());
  }

  /** The simulator's control API ({@code /_sim/...}). */
  public Reply sim(String method, String path, Object jsonBody) throws IOException, InterruptedException {
    return http.send(method, stack.simulatorUrl() + path, null, "application/json",
        jsonBody == null ? null : StackApi.JSON.writeValueAsString(jsonBody), Map.of());
  }

  // ---- the reconciler's ops API ----

  public JsonNode opsGet(String path) throws IOException, InterruptedException {
    Reply r = http.get(stack.reconcilerUrl() + path, ops());
    if (!r.ok()) {
      throw new IllegalStateException("GET " + path + ": " + r.describe() + " " + r.body());
    }
    return r.json();
  }

  public Reply opsPost(String path, Object body) throws IOException, InterruptedException {
    return http.postJson(stack.reconcilerUrl() + path, ops(), body, Map.of());
  }
}
