package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.authorize;
import static com.bookiji.payment.it.PaymentCommands.capture;
import static org.awaitility.Awaitility.await;

import com.bookiji.payment.application.PendingPaymentSweeper;
import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * payment-service under test, driven through the real broker: commands produced to
 * {@code payment.commands} exactly as the reservation saga's outbox relay produces them, facts read
 * back from {@code payment.events}, SQL on its tables, and Stripe (the in-process simulator, one
 * per JVM) whose webhooks reach the service.
 *
 * <p>{@link #shared()} is the one instance most ITs use (started once per JVM, like a cached
 * Spring test context); {@link #onDatabase} gives a test its own database on which it starts and
 * kills instances itself.
 */
final class ServiceUnderTest {

  static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final StripeSide STRIPE = StripeSide.start();
  private static ServiceUnderTest shared;

  final TestInfrastructure infra = TestInfrastructure.shared();
  final TestDatabase db;
  final JdbcTemplate jdbc;
  final StripeSide stripe = STRIPE;
  private final Map<String, String> overrides;
  private final RelayPublisher relay = new RelayPublisher(infra);
  private final TopicProbe probe = infra.topicProbe();
  private final CrashingObserver crashes = new CrashingObserver();
  private PaymentApp app;

  private ServiceUnderTest(String database, Map<String, String> overrides) {
    this.db = infra.createDatabase(database);
    this.jdbc = new JdbcTemplate(db.dataSource());
    this.overrides = overrides;
  }

  /** The service on database {@code payment}, receiving Stripe's webhooks, crashable on demand. */
  static synchronized ServiceUnderTest shared() {
    if (shared == null) {
      shared = new ServiceUnderTest("payment", Map.of());
      shared.app = shared.startInstance(shared.crashes);
      shared.stripe.sendWebhooksTo(shared.webhookUri().toString());
    }
    return shared;
  }

  /** A database of its own and no instance yet (and none that receives Stripe's webhooks). */
  static ServiceUnderTest onDatabase(String database, Map<String, String> overrides) {
    return new ServiceUnderTest(database, overrides);
  }

  /** Another instance on this database; the caller closes (or kills) it. */
  PaymentApp startInstance(ProviderCallObserver observer) {
    return PaymentApp.start(db, stripe.baseUrl(), overrides, observer);
  }

  <T> T bean(Class<T> type) {
    return app.bean(type);
  }

  <T> T property(String name, Class<T> type, T otherwise) {
    return app.property(name, type, otherwise);
  }

  URI webhookUri() {
    return URI.create(app.baseUrl() + "/stripe/webhooks");
  }

  /** Kills the handling of a command right after Stripe applied it (see CrashingObserver). */
  CrashingObserver crashes() {
    return crashes;
  }

  void sweep() {
    bean(PendingPaymentSweeper.class).sweep();
  }

  // ---- commands --------------------------------------------------------------------------------

  UUID send(String reservationId, SpecificRecord command) {
    return send(reservationId, command, UUID.randomUUID());
  }

  /** Produces like the relay does: Avro wire format, key = reservation id, platform headers. */
  UUID send(String reservationId, SpecificRecord command, UUID eventId) {
    return relay.publish(Topic.PAYMENT_COMMANDS, reservationId, command, eventId);
  }

  PaymentAuthorizationStarted authorizeAndStart(String reservationId, long amountMinor) {
    send(reservationId, authorize(reservationId, amountMinor));
    return awaitEvent(reservationId, PaymentAuthorizationStarted.class);
  }

  /** Authorized: the saga asks, the customer confirms with a card that works, Stripe says yes. */
  PaymentAuthorizationStarted authorized(String reservationId, long amountMinor) {
    PaymentAuthorizationStarted started = authorizeAndStart(reservationId, amountMinor);
    stripe.customerConfirms(started, "pm_card_visa");
    awaitEvent(reservationId, PaymentAuthorized.class);
    return started;
  }

  /** Authorized with {@code paymentMethod}, then captured in full. */
  PaymentAuthorizationStarted captured(String reservationId, long amountMinor,
      String paymentMethod) {
    PaymentAuthorizationStarted started = authorizeAndStart(reservationId, amountMinor);
    stripe.customerConfirms(started, paymentMethod);
    awaitEvent(reservationId, PaymentAuthorized.class);
    send(reservationId, capture(reservationId, amountMinor));
    awaitEvent(reservationId, PaymentCaptured.class);
    return started;
  }

  PaymentAuthorizationStarted captured(String reservationId, long amountMinor) {
    return captured(reservationId, amountMinor, "pm_card_visa");
  }

  // ---- observing payment.events ----------------------------------------------------------------

  /** The facts published about the reservations whose id passes {@code reservations}. */
  <T> List<T> events(Predicate<String> reservations, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ProbedRecord r : probe.readAll(Topic.PAYMENT_EVENTS.topicName())) {
      if (r.key() != null && reservations.test(r.key()) && type.isInstance(r.payload())) {
        out.add(type.cast(r.payload()));
      }
    }
    return out;
  }

  <T> List<T> events(String reservationId, Class<T> type) {
    return events(reservationId::equals, type);
  }

  <T> T awaitEvent(String reservationId, Class<T> type) {
    return awaitEvents(reservationId, type, 1).get(0);
  }

  /** At least {@code count} facts of this type. */
  <T> List<T> awaitEvents(String reservationId, Class<T> type, int count) {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
        .until(() -> events(reservationId, type), l -> l.size() >= count);
  }

  /** Exactly {@code count} facts of this type (waits while there are fewer). */
  <T> List<T> awaitExactly(String reservationId, Class<T> type, int count) {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
        .until(() -> events(reservationId, type), l -> l.size() == count);
  }

  List<ProbedRecord> deadLetters(Topic topic) {
    return probe.readAll(topic.deadLetterTopicName());
  }

  // ---- its tables ------------------------------------------------------------------------------

  String status(String reservationId) {
    return jdbc.queryForObject("select status from payments where reservation_id = ?"
        + " order by attempt desc limit 1", String.class, reservationId);
  }

  void awaitStatus(String reservationId, String status) {
    await().atMost(DEADLINE).until(() -> status.equals(status(reservationId)));
  }

  int capturesRecorded(String reservationId) {
    return count("select count(*) from captures where reservation_id = ?", reservationId);
  }

  /** Calls to Stripe for this operation recorded in the audit table, tries included. */
  int stripeCalls(String reservationId, String operation) {
    return count("select count(*) from stripe_calls where reservation_id = ? and operation = ?",
        reservationId, operation);
  }

  /** Commands of payment-service's consumer that its inbox took, by event id. */
  int inboxed(UUID... eventIds) {
    int n = 0;
    for (UUID eventId : eventIds) {
      n += count("select count(*) from inbox where consumer = 'payment-service' and event_id = ?",
          eventId);
    }
    return n;
  }

  /** Stripe webhook events the service took into its inbox, of every kind or about one subject. */
  int webhookEventsSeen() {
    return count("select count(*) from inbox_external where consumer = 'stripe-webhooks'");
  }

  int webhookEventsAbout(String paymentIntentId) {
    return count("select count(*) from inbox_external where consumer = 'stripe-webhooks'"
        + " and subject = ?", paymentIntentId);
  }

  /**
   * A payment waiting for the customer, written straight into the table (last changed at
   * {@code lastChange}), whose intent Stripe holds with this reservation's metadata plus
   * {@code metadata}; returns the intent's id.
   */
  String awaitingCustomer(String reservationId, long amountMinor, Instant lastChange,
      Map<String, String> metadata) throws StripeException {
    PaymentIntent pi = stripe.withSecretKey().v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setAmount(amountMinor).setCurrency("eur")
            .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
            .putMetadata("reservation_id", reservationId).putMetadata("attempt", "1")
            .putAllMetadata(metadata).build());
    Timestamp changed = Timestamp.from(lastChange);
    jdbc.update("""
        insert into payments (reservation_id, attempt, amount_minor, currency, status,
          payment_intent_id, client_secret, created_at, updated_at)
        values (?, 1, ?, 'eur', 'AWAITING_CUSTOMER', ?, ?, ?, ?)""",
        reservationId, amountMinor, pi.getId(), pi.getClientSecret(), changed, changed);
    return pi.getId();
  }

  int count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Integer.class, args);
  }
}
