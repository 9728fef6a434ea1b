package com.bookiji.platform.messaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code bookiji.*} for the messaging platform; every one has a working default. */
@ConfigurationProperties("bookiji")
public class MessagingProperties {

  private final SchemaRegistry schemaRegistry = new SchemaRegistry();
  private final Outbox outbox = new Outbox();
  private final Inbox inbox = new Inbox();

  public SchemaRegistry getSchemaRegistry() { return schemaRegistry; }

  public Outbox getOutbox() { return outbox; }

  public Inbox getInbox() { return inbox; }

  public static class SchemaRegistry {
    /** Base URL of the Confluent-compatible schema registry. */
    private String url;

    public String getUrl() { return url; }

    public void setUrl(String url) { this.url = url; }
  }

  public static class Outbox {
    private final Relay relay = new Relay();

    public Relay getRelay() { return relay; }
  }

  public static class Relay {
    /** Run the Debezium relay in this instance (one instance per database becomes active). */
    private boolean enabled = true;
    /** Replication slot name; default {@code bookiji_outbox_<database>} (slots are server-wide). */
    private String slotName;
    /** Publication name (per database). */
    private String publicationName = "bookiji_outbox";
    /** Fully qualified outbox table. */
    private String table = "public.outbox";
    /** How often a standby tries to take the relay lock, and the pause before restarting a failed engine. */
    private Duration lockRetryInterval = Duration.ofSeconds(1);
    /**
     * Debezium's poll interval: its queue hands a batch over only when the interval ends (or the
     * batch is full), and its replication reader sleeps this long when the stream is quiet — the
     * relay's latency floor. Each empty poll costs CPU (5 ms: ~18 % of a core per idle service,
     * 25 ms: ~4 %, docs/benchmarks.md); Debezium has no blocking or backing-off variant.
     */
    private Duration pollInterval = Duration.ofMillis(25);
    private int maxBatchSize = 2048;
    private int maxQueueSize = 16384;
    /** How often relayed positions are committed to relay_offsets (and to the slot). */
    private Duration offsetFlushInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    /** Producer linger: small for latency. */
    private Duration producerLinger = Duration.ofMillis(1);
    /** How long a relayed row the DELETE missed is tried again before it is left to the stranded-row sweep. */
    private Duration deleteRetryBound = Duration.ofSeconds(10);
    /** A row this much older than what the stream has delivered is stranded and published again by the sweep. */
    private Duration strandedAfter = Duration.ofMinutes(2);
    /** Upper bound of the exponential (jittered) pause between engine restarts; the first pause is lockRetryInterval. */
    private Duration engineRestartMaxBackoff = Duration.ofSeconds(60);
    /** Health is DOWN (and streaming false) while the oldest outbox row is older than this. */
    private Duration maxBacklogAge = Duration.ofMinutes(5);
    /** How long a closed engine's or a stale replication connection may take to let go of the slot. */
    private Duration slotReleaseTimeout = Duration.ofSeconds(10);
    /** A lock holder that stops renewing (frozen, cut off) loses the relay lock after this (idle_session_timeout of the lock session). */
    private Duration leadershipLease = Duration.ofSeconds(15);
    /** Engine runs in a row ending without delivering after which the holder gives up the lock. */
    private int stepDownAfterFailures = 5;
    /** How long a holder that stepped down leaves the lock to others. */
    private Duration stepDownCooldown = Duration.ofSeconds(30);
    /**
     * Extra Debezium connector/engine settings passed to the engine as they are (e.g.
     * {@code slot.failover: true}); a key the relay sets itself is refused at startup.
     */
    private Map<String, String> debezium = new LinkedHashMap<>();

    public boolean isEnabled() { return enabled; }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public String getSlotName() { return slotName; }

    public void setSlotName(String slotName) { this.slotName = slotName; }

    public String getPublicationName() { return publicationName; }

    public void setPublicationName(String publicationName) { this.publicationName = publicationName; }

    public String getTable() { return table; }

    public void setTable(String table) { this.table = table; }

    public Duration getLockRetryInterval() { return lockRetryInterval; }

    public void setLockRetryInterval(Duration lockRetryInterval) { this.lockRetryInterval = lockRetryInterval; }

    public Duration getPollInterval() { return pollInterval; }

    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }

    public int getMaxBatchSize() { return maxBatchSize; }

    public void setMaxBatchSize(int maxBatchSize) { this.maxBatchSize = maxBatchSize; }

    public int getMaxQueueSize() { return maxQueueSize; }

    public void setMaxQueueSize(int maxQueueSize) { this.maxQueueSize = maxQueueSize; }

    public Duration getOffsetFlushInterval() { return offsetFlushInterval; }

    public void setOffsetFlushInterval(Duration offsetFlushInterval) { this.offsetFlushInterval = offsetFlushInterval; }

    public Duration getHeartbeatInterval() { return heartbeatInterval; }

    public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }

    public Duration getProducerLinger() { return producerLinger; }

    public void setProducerLinger(Duration producerLinger) { this.producerLinger = producerLinger; }

    public Duration getDeleteRetryBound() { return deleteRetryBound; }

    public void setDeleteRetryBound(Duration deleteRetryBound) { this.deleteRetryBound = deleteRetryBound; }

    public Duration getStrandedAfter() { return strandedAfter; }

    public void setStrandedAfter(Duration strandedAfter) { this.strandedAfter = strandedAfter; }

    public Duration getEngineRestartMaxBackoff() { return engineRestartMaxBackoff; }

    public void setEngineRestartMaxBackoff(Duration engineRestartMaxBackoff) { this.engineRestartMaxBackoff = engineRestartMaxBackoff; }

    public Duration getMaxBacklogAge() { return maxBacklogAge; }

    public void setMaxBacklogAge(Duration maxBacklogAge) { this.maxBacklogAge = maxBacklogAge; }

    public Duration getSlotReleaseTimeout() { return slotReleaseTimeout; }

    public void setSlotReleaseTimeout(Duration slotReleaseTimeout) { this.slotReleaseTimeout = slotReleaseTimeout; }

    public Duration getLeadershipLease() { return leadershipLease; }

    public void setLeadershipLease(Duration leadershipLease) { this.leadershipLease = leadershipLease; }

    public int getStepDownAfterFailures() { return stepDownAfterFailures; }

    public void setStepDownAfterFailures(int stepDownAfterFailures) { this.stepDownAfterFailures = stepDownAfterFailures; }

    public Duration getStepDownCooldown() { return stepDownCooldown; }

    public void setStepDownCooldown(Duration stepDownCooldown) { this.stepDownCooldown = stepDownCooldown; }

    public Map<String, String> getDebezium() { return debezium; }

    public void setDebezium(Map<String, String> debezium) { this.debezium = debezium; }
  }

  public static class Inbox {
    /** Consumer threads per subscription; 0 = the topics' partition count capped at maxConcurrency. */
    private int concurrency = 0;
    private int maxConcurrency = 3;
    /** Delivery attempts before a record failing for an unknown reason is dead-lettered (deterministic failures: 1; transient: see transientRetryBound). */
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private double backoffMultiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(5);
    /**
     * A transient failure (database or registry unreachable, timeout, lock, serialization
     * conflict, 5xx) is retried until it succeeds or this long after its first failure; only then
     * is the message dead-lettered. Outlasts a database restart or fail-over.
     */
    private Duration transientRetryBound = Duration.ofMinutes(15);
    /** Upper bound of the pause between two attempts of a transiently failing message. */
    private Duration transientMaxBackoff = Duration.ofSeconds(30);
    /** Inbox rows older than this are purged; must exceed the topics' retention (7 d). */
    private Duration retention = Duration.ofDays(14);
    private Duration purgeInterval = Duration.ofHours(1);

    public Duration getRetention() { return retention; }

    public void setRetention(Duration retention) { this.retention = retention; }

    public Duration getPurgeInterval() { return purgeInterval; }

    public void setPurgeInterval(Duration purgeInterval) { this.purgeInterval = purgeInterval; }

    public int getConcurrency() { return concurrency; }

    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }

    public int getMaxConcurrency() { return maxConcurrency; }

    public void setMaxConcurrency(int maxConcurrency) { this.maxConcurrency = maxConcurrency; }

    public int getMaxAttempts() { return maxAttempts; }

    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }

    public Duration getInitialBackoff() { return initialBackoff; }

    public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }

    public double getBackoffMultiplier() { return backoffMultiplier; }

    public void setBackoffMultiplier(double backoffMultiplier) { this.backoffMultiplier = backoffMultiplier; }

    public Duration getMaxBackoff() { return maxBackoff; }

    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }

    public Duration getTransientRetryBound() { return transientRetryBound; }

    public void setTransientRetryBound(Duration transientRetryBound) { this.transientRetryBound = transientRetryBound; }

    public Duration getTransientMaxBackoff() { return transientMaxBackoff; }

    public void setTransientMaxBackoff(Duration transientMaxBackoff) { this.transientMaxBackoff = transientMaxBackoff; }
  }
}
