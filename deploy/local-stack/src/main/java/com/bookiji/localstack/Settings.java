package com.bookiji.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code bookiji.*} configuration property of the services the stack runs, and what a user of
 * the local stack may do with it. {@code ./bookiji up} starts every process with the launcher's own
 * environment, so a setting is changed by exporting its environment variable before {@code up}
 * (Spring Boot's relaxed binding: upper case, dots become underscores, dashes are dropped). A test
 * (SettingsTest) reads the services' sources and fails when a property is missing here or its
 * default differs; another keeps the README's table equal to {@link #markdown()}.
 */
final class Settings {

  enum Kind {
    /** A user may change it: listed with default, unit and variable. */
    SETTING,
    /** The launcher passes it on the command line, which wins over the environment. */
    SET_BY_LAUNCHER,
    /** Not a local-stack setting (an identity the data depends on, or production-only). */
    FIXED
  }

  record Setting(String property, Kind kind, String defaultValue, String unit, String services, String meaning) {

    /** The environment variable Spring Boot binds to this property. */
    String environmentVariable() {
      return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
    }
  }

  private static final String DURATION = "duration";
  private static final String ALL = "every service";
  private static final String RESERVATION = "reservation-service";
  private static final String AVAILABILITY = "availability-service";
  private static final String PAYMENT = "payment-service";
  private static final String RECONCILER = "reconciler";

  static final List<Setting> ALL_PROPERTIES = List.of(
      // the saga's deadlines (reservation-service)
      setting("bookiji.reservation.hold-ttl", "15m", DURATION, RESERVATION,
          "how long availability is asked to hold the slot (availability caps it at its max-hold-ttl)"),
      setting("bookiji.reservation.hold-response-timeout", "30s", DURATION, RESERVATION,
          "wait for SlotHeld/SlotHoldRejected before the reservation expires"),
      setting("bookiji.reservation.vendor-decision-timeout", "10m", DURATION, RESERVATION,
          "wait for the vendor's decision after the slot is held"),
      setting("bookiji.reservation.payment-authorization-timeout", "10m", DURATION, RESERVATION,
          "wait for the card authorization (the payment wait) after the slot is held"),
      setting("bookiji.reservation.commit-response-timeout", "30s", DURATION, RESERVATION,
          "wait for HoldCommitted before CommitHold is re-sent"),
      setting("bookiji.reservation.capture-response-timeout", "30s", DURATION, RESERVATION,
          "wait for the capture's answer before CapturePayment is re-sent"),
      setting("bookiji.reservation.compensation-response-timeout", "30s", DURATION, RESERVATION,
          "wait for an undo's acknowledgement before it is re-sent"),
      setting("bookiji.reservation.max-backoff", "10m", DURATION, RESERVATION,
          "upper bound of the exponential backoff between re-sent commands"),
      setting("bookiji.reservation.idempotency-key-ttl", "24h", DURATION, RESERVATION,
          "how long an Idempotency-Key of POST /reservations is remembered"),
      setting("bookiji.reservation.deadline-poll-interval", "250ms", DURATION, RESERVATION,
          "how often due deadlines are looked for"),
      setting("bookiji.reservation.deadline-batch-size", "100", "count", RESERVATION,
          "reservations whose deadlines are fired per round"),
      setting("bookiji.reservation.metrics-refresh-interval", "5s", DURATION, RESERVATION,
          "how often the in-flight saga gauges are recounted"),
      fixed("bookiji.reservation.consumer-name", "reservation-service", RESERVATION,
          "the inbox's consumer identity; changing it re-applies every retained message"),
      // holds (availability-service)
      setting("bookiji.reservation.limits.max-awaiting-payment", "10", "count", RESERVATION,
          "reservations of one requester that may block a slot at once before payment is authorized"),
      setting("bookiji.reservation.limits.reservations-per-period", "60", "count", RESERVATION,
          "POST /reservations calls per requester per period (429 with Retry-After beyond)"),
      setting("bookiji.reservation.limits.period", "1m", DURATION, RESERVATION, "the rate limit's period"),
      setting("bookiji.reservation.sse.max-per-subscriber", "5", "count", RESERVATION, "open event streams per caller"),
      setting("bookiji.reservation.sse.max-subscriptions", "1000", "count", RESERVATION,
          "open event streams per instance"),
      setting("bookiji.reservation.sse.stream-timeout", "30m", DURATION, RESERVATION,
          "a stream is closed after this long (EventSource reconnects)"),
      setting("bookiji.reservation.sse.heartbeat-interval", "15s", DURATION, RESERVATION,
          "a comment line this often keeps streams alive"),
      setting("bookiji.reservation.sse.ticket-ttl", "60s", DURATION, RESERVATION,
          "validity of a single-use stream ticket for a browser's EventSource"),
      setting("bookiji.availability.hold-ttl", "10m", DURATION, AVAILABILITY,
          "hold TTL when HoldSlot asks for none"),
      setting("bookiji.availability.max-hold-ttl", "30m", DURATION, AVAILABILITY,
          "cap on any hold TTL a HoldSlot asks for"),
      setting("bookiji.availability.expiry-interval", "200ms", DURATION, AVAILABILITY,
          "pause between two hold-expiry sweeps (how late a hold may expire)"),
      setting("bookiji.availability.expiry-batch-size", "200", "count", AVAILABILITY,
          "holds expired per transaction"),
      setting("bookiji.availability.stuck-hold-grace", "5s", DURATION, AVAILABILITY,
          "an active hold this long past its TTL counts as stuck (metric, alert)"),
      setting("bookiji.availability.metrics-refresh-interval", "5s", DURATION, AVAILABILITY,
          "how often the hold and booking gauges are recounted"),
      // payments (payment-service)
      setting("bookiji.payment.sweep.enabled", "true", "true/false", PAYMENT,
          "run the sweep that resolves stuck payments"),
      setting("bookiji.payment.sweep.interval", "10s", DURATION, PAYMENT, "pause between two sweeps"),
      setting("bookiji.payment.sweep.pending-grace", "30s", DURATION, PAYMENT,
          "a pending or parked payment is left alone this long before the sweep resumes it"),
      setting("bookiji.payment.sweep.recheck-after", "5m", DURATION, PAYMENT,
          "an awaiting or authorized payment without news this long has its intent retrieved"),
      setting("bookiji.payment.sweep.stuck-authorization-after", "1h", DURATION, PAYMENT,
          "an authorization older than this counts as stuck (metric)"),
      setting("bookiji.payment.sweep.batch-size", "50", "count", PAYMENT, "payments looked at per sweep"),
      fixed("bookiji.payment.consumer-name", "payment-service", PAYMENT,
          "the inbox's consumer identity; changing it re-applies every retained message"),
      fixed("bookiji.stripe.require-live-credentials", "false", PAYMENT,
          "true in the production profile: refuse to start with the simulator's key or webhook secret"),
      setting("bookiji.stripe.webhook-tolerance", "5m", DURATION, PAYMENT,
          "accepted age of a signed Stripe webhook"),
      setting("bookiji.stripe.connect-timeout", "2s", DURATION, PAYMENT, "Stripe connect timeout"),
      setting("bookiji.stripe.read-timeout", "10s", DURATION, PAYMENT, "Stripe read timeout"),
      setting("bookiji.stripe.retry.max-attempts", "6", "count", PAYMENT,
          "tries of one Stripe call (same idempotency key) before it counts as failed"),
      setting("bookiji.stripe.retry.initial-backoff", "200ms", DURATION, PAYMENT,
          "first pause between Stripe retries"),
      setting("bookiji.stripe.retry.multiplier", "2.0", "factor", PAYMENT, "growth of the pause per retry"),
      setting("bookiji.stripe.retry.jitter", "0.5", "fraction", PAYMENT, "random part of each pause"),
      setting("bookiji.stripe.retry.max-backoff", "5s", DURATION, PAYMENT,
          "upper bound of the pause between Stripe retries"),
      setting("bookiji.stripe.retry.max-retry-after", "10s", DURATION, PAYMENT,
          "longest Retry-After of a 429 that is honoured"),
      byLauncher("bookiji.stripe.api-key", PAYMENT, "the simulator's secret key"),
      byLauncher("bookiji.stripe.api-base", PAYMENT, "the stack's Stripe simulator"),
      byLauncher("bookiji.stripe.webhook-secret", PAYMENT, "generated once per state directory"),
      setting("bookiji.payment.sweep.event-lookback", "1h", DURATION, PAYMENT,
          "how far back each sweep lists Stripe's refund and dispute events to catch up on lost webhooks"),
      setting("bookiji.payment.webhook.lock-wait", "2s", DURATION, PAYMENT,
          "longest wait for a payment's row lock in the webhook path before answering 503 (Stripe redelivers)"),
      fixed("bookiji.payment.test-faults.dir", "", PAYMENT,
          "TEST ONLY (stress suite): a directory whose files arm fault switches (halt after a capture, skip the void); unset = off"),
      // the auditor (reconciler)
      setting("bookiji.reconciler.audit.check-interval", "10s", DURATION, RECONCILER,
          "every check runs at least this often"),
      setting("bookiji.reconciler.audit.event-check-delay", "250ms", DURATION, RECONCILER,
          "how soon after a new message the checks run again"),
      setting("bookiji.reconciler.audit.grace", "30s", DURATION, RECONCILER,
          "added to every bound: the time a message may take to reach the auditor"),
      setting("bookiji.reconciler.audit.authorization-open-bound", "15m", DURATION, RECONCILER,
          "how long an authorization may stay open after its reservation ended"),
      setting("bookiji.reconciler.audit.authorization-validity", "7d", DURATION, RECONCILER,
          "how long Stripe keeps a manual-capture authorization when its capture_before is unknown"),
      setting("bookiji.reconciler.audit.state-bounds", "HOLD_PENDING=2m, AWAITING_CONFIRMATIONS=15m, ...", "duration per state",
          RECONCILER, "how long a reservation may stay in each non-terminal state before SAGA_STUCK (.state-bounds.<STATE>)"),
      setting("bookiji.reconciler.audit.confirm-after", "2s", DURATION, RECONCILER,
          "how long checks must keep seeing a break before it is raised"),
      setting("bookiji.reconciler.audit.max-lag-stretch", "10m", DURATION, RECONCILER,
          "the most a consumer's lag may stretch a check's bound"),
      setting("bookiji.reconciler.lag.sample-interval", "2s", DURATION, RECONCILER,
          "how often consumer-group lag is sampled"),
      setting("bookiji.reconciler.repairs.interval", "2s", DURATION, RECONCILER, "how often open findings are repaired"),
      setting("bookiji.reconciler.repairs.max-per-minute", "20", "count", RECONCILER,
          "repairs carried out per sliding minute at most"),
      setting("bookiji.reconciler.repairs.modes", "VOID_AUTHORIZATION=AUTO, RELEASE_HOLD=AUTO, REFUND_CAPTURE=PROPOSE, CANCEL_ORPHAN_INTENT=PROPOSE",
          "AUTO/PROPOSE/OFF per type", RECONCILER, "what the auditor does about each repairable finding (.modes.<TYPE>)"),
      setting("bookiji.reconciler.stripe.interval", "1m", DURATION, RECONCILER, "pause between two Stripe listings"),
      setting("bookiji.reconciler.stripe.window", "8d", DURATION, RECONCILER, "objects created this long ago are listed"),
      setting("bookiji.reconciler.stripe.page-size", "100", "objects", RECONCILER, "Stripe list page size"),
      setting("bookiji.reconciler.stripe.grace", "2m", DURATION, RECONCILER,
          "a Stripe object this young (or a reservation ended this recently) is not judged yet"),
      setting("bookiji.reconciler.console.relay-poll-interval", "5s", DURATION, RECONCILER,
          "how often the console reads the services' outbox relays (their /actuator/prometheus)"),
      setting("bookiji.reconciler.console.relay-timeout", "2s", DURATION, RECONCILER,
          "an instance that does not answer within this is shown DOWN"),
      setting("bookiji.reconciler.console.backlog-age-warning", "1m", DURATION, RECONCILER,
          "an oldest unrelayed outbox row older than this shows its relay as WARN"),
      byLauncher("bookiji.reconciler.console.services", RECONCILER,
          "the stack's four services (.services.<name>=<base URL>[,<base URL>...]) whose outbox relays the console shows"),
      byLauncher("bookiji.reconciler.stripe.enabled", RECONCILER, "on: the stack's simulator is reconciled"),
      byLauncher("bookiji.reconciler.stripe.api-base", RECONCILER, "the stack's Stripe simulator"),
      byLauncher("bookiji.reconciler.stripe.api-key", RECONCILER, "the simulator's secret key"),
      // messaging (platform, every service)
      setting("bookiji.inbox.max-attempts", "5", "count", ALL,
          "deliveries of a message failing for an unknown reason before it goes to the dead-letter topic"),
      setting("bookiji.inbox.transient-retry-bound", "15m", DURATION, ALL,
          "a message failing transiently (database, registry, timeout, lock) is retried this long before it is dead-lettered"),
      setting("bookiji.inbox.transient-max-backoff", "30s", DURATION, ALL,
          "upper bound of the pause between attempts of a transiently failing message"),
      setting("bookiji.inbox.initial-backoff", "200ms", DURATION, ALL, "first pause between delivery attempts"),
      setting("bookiji.inbox.backoff-multiplier", "2.0", "factor", ALL, "growth of the pause per attempt"),
      setting("bookiji.inbox.max-backoff", "5s", DURATION, ALL, "upper bound of the pause between attempts"),
      setting("bookiji.inbox.concurrency", "0", "threads", ALL,
          "consumer threads per subscription; 0 = the topics' partitions, capped at max-concurrency"),
      setting("bookiji.inbox.max-concurrency", "3", "threads", ALL, "cap on consumer threads per subscription"),
      setting("bookiji.inbox.retention", "14d", DURATION, ALL,
          "inbox rows older than this are purged (must exceed the topics' 7-day retention)"),
      setting("bookiji.inbox.purge-interval", "1h", DURATION, ALL, "how often old inbox rows are purged"),
      setting("bookiji.outbox.relay.lock-retry-interval", "1s", DURATION, ALL,
          "how often a standby relay tries the lock, and the pause before a failed relay restarts"),
      setting("bookiji.outbox.relay.poll-interval", "25ms", DURATION, ALL,
          "Debezium's poll interval: the relay's latency floor, and its idle cost (the reconciler: 250ms)"),
      setting("bookiji.outbox.relay.max-batch-size", "2048", "rows", ALL, "outbox rows per relay batch"),
      setting("bookiji.outbox.relay.max-queue-size", "16384", "rows", ALL, "Debezium's internal queue"),
      setting("bookiji.outbox.relay.offset-flush-interval", "1s", DURATION, ALL,
          "how often the relay's position is committed"),
      setting("bookiji.outbox.relay.heartbeat-interval", "10s", DURATION, ALL,
          "relay heartbeat (keeps the replication slot moving when idle)"),
      setting("bookiji.outbox.relay.producer-linger", "1ms", DURATION, ALL, "Kafka producer linger of the relay"),
      setting("bookiji.outbox.relay.delete-retry-bound", "10s", DURATION, ALL,
          "how long the relay retries deleting relayed rows its DELETE did not see"),
      setting("bookiji.outbox.relay.stranded-after", "2m", DURATION, ALL,
          "an outbox row this much older than what the stream delivered is republished by the sweep"),
      setting("bookiji.outbox.relay.engine-restart-max-backoff", "60s", DURATION, ALL,
          "upper bound of the pause between engine restarts"),
      setting("bookiji.outbox.relay.max-backlog-age", "5m", DURATION, ALL,
          "an outbox row older than this makes the relay's health DOWN"),
      setting("bookiji.outbox.relay.slot-release-timeout", "10s", DURATION, ALL,
          "how long a closed engine may hold its slot before the relay ends its connection"),
      setting("bookiji.outbox.relay.leadership-lease", "15s", DURATION, ALL,
          "a frozen or vanished relay holder loses leadership after this"),
      setting("bookiji.outbox.relay.step-down-after-failures", "5", "count", ALL,
          "engine failures in a row after which a holder gives up leadership"),
      setting("bookiji.outbox.relay.step-down-cooldown", "30s", DURATION, ALL,
          "how long a holder that stepped down leaves the lock to the others"),
      fixed("bookiji.outbox.relay.enabled", "true", ALL, "every service needs its relay to publish anything"),
      fixed("bookiji.outbox.relay.slot-name", "bookiji_outbox_<database>", ALL,
          "the replication slot holds the relay's position; a new name starts over"),
      fixed("bookiji.outbox.relay.publication-name", "bookiji_outbox", ALL, "created by the platform migration"),
      fixed("bookiji.outbox.relay.table", "public.outbox", ALL, "created by the platform migration"),
      fixed("bookiji.outbox.relay.debezium", "", ALL,
          "production: extra Debezium settings passed to the engine (e.g. .debezium.[slot.failover]=true); the relay's own are refused"),
      byLauncher("bookiji.schema-registry.url", ALL, "the stack's registry"),
      // security (platform, every service)
      fixed("bookiji.security.jwt.audience", "", ALL, "production: the expected token audience"),
      fixed("bookiji.security.jwt.require-issuer-and-audience", "false", ALL,
          "true in the production profile: refuse to start without issuer and audience"),
      setting("bookiji.security.web.max-request-body-size", "64KB", "bytes", ALL,
          "larger request bodies are refused with 413"),
      setting("bookiji.security.web.cors-allowed-origins", "(none)", "origins", ALL,
          "browser origins allowed to call the APIs, comma-separated"),
      setting("bookiji.security.jwt.clock-skew", "30s", DURATION, ALL, "tolerance on a token's exp/nbf"),
      byLauncher("bookiji.security.jwt.secret", ALL, "generated once per state directory (./bookiji token uses it)"),
      fixed("bookiji.security.jwt.jwk-set-uri", "", ALL, "production: the identity provider's keys"),
      fixed("bookiji.security.jwt.issuer", "", ALL, "production: the expected token issuer"),
      fixed("bookiji.security.public-paths", "", ALL, "paths a service opens without a token; set in its code"));

  private Settings() {}

  private static Setting setting(String property, String defaultValue, String unit, String services, String meaning) {
    return new Setting(property, Kind.SETTING, defaultValue, unit, services, meaning);
  }

  private static Setting byLauncher(String property, String services, String value) {
    return new Setting(property, Kind.SET_BY_LAUNCHER, "", "", services, value);
  }

  private static Setting fixed(String property, String defaultValue, String services, String why) {
    return new Setting(property, Kind.FIXED, defaultValue, "", services, why);
  }

  static List<Setting> of(Kind kind) {
    return ALL_PROPERTIES.stream().filter(s -> s.kind() == kind).toList();
  }

  /** The text of {@code ./bookiji up --help} after the usage. */
  static String help() {
    List<String> lines = new ArrayList<>();
    lines.add("settings: export the variable before ./bookiji up (running services: ./bookiji restart <service>);");
    lines.add("durations take a unit: 250ms, 30s, 10m, 24h, 14d. Every process gets the launcher's environment.");
    String service = null;
    for (Setting s : of(Kind.SETTING)) {
      if (!s.services().equals(service)) {
        service = s.services();
        lines.add("  " + service + ":");
      }
      lines.add(String.format("    %-50s %-7s %-12s %s", s.environmentVariable(), s.defaultValue(), s.unit(), s.meaning()));
    }
    lines.add("set by the launcher (the command line wins over the environment): "
        + String.join(", ", of(Kind.SET_BY_LAUNCHER).stream().map(Setting::property).toList()));
    lines.add("not local-stack settings: "
        + String.join(", ", of(Kind.FIXED).stream().map(Setting::property).toList()));
    return String.join("\n", lines);
  }

  /** The README's table (between the settings markers), generated so that it cannot drift. */
  static String markdown() {
    List<String> lines = new ArrayList<>();
    lines.add("| environment variable | default | unit | service | what it changes |");
    lines.add("|---|---|---|---|---|");
    for (Setting s : of(Kind.SETTING)) {
      lines.add("| `" + s.environmentVariable() + "` | " + s.defaultValue() + " | " + s.unit() + " | " + s.services()
          + " | " + s.meaning() + " |");
    }
    lines.add("");
    lines.add("Set by the launcher on the command line (which wins over the environment): "
        + String.join(", ", of(Kind.SET_BY_LAUNCHER).stream().map(s -> "`" + s.property() + "` (" + s.meaning() + ")").toList())
        + ".");
    lines.add("Not local-stack settings: "
        + String.join(", ", of(Kind.FIXED).stream().map(s -> "`" + s.property() + "` (" + s.meaning() + ")").toList())
        + ".");
    return String.join("\n", lines);
  }
}
