package com.bookiji.reconciler.console.application;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bookiji.reconciler.console.*}: the services whose outbox relays the console shows,
 * {@code services.<name>=<base URL>[,<base URL>...]} (one URL per instance; each answers
 * {@code GET <url>/actuator/prometheus} without a token), how often and how patiently they are read,
 * and the age of the oldest unrelayed row beyond which a relay is WARN.
 */
@ConfigurationProperties("bookiji.reconciler.console")
public class ConsoleProperties {

  private Map<String, List<URI>> services = new LinkedHashMap<>();
  private Duration relayPollInterval = Duration.ofSeconds(5);
  private Duration relayTimeout = Duration.ofSeconds(2);
  private Duration backlogAgeWarning = Duration.ofMinutes(1);

  public Map<String, List<URI>> getServices() { return services; }
  public void setServices(Map<String, List<URI>> services) { this.services = services; }
  public Duration getRelayPollInterval() { return relayPollInterval; }
  public void setRelayPollInterval(Duration relayPollInterval) { this.relayPollInterval = relayPollInterval; }
  public Duration getRelayTimeout() { return relayTimeout; }
  public void setRelayTimeout(Duration relayTimeout) { this.relayTimeout = relayTimeout; }
  public Duration getBacklogAgeWarning() { return backlogAgeWarning; }
  public void setBacklogAgeWarning(Duration backlogAgeWarning) { this.backlogAgeWarning = backlogAgeWarning; }
}
