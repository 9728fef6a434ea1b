package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.CheckBounds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bookiji.reconciler.audit.*}: when the checks run and how long things may take. Defaults are
 * {@link CheckBounds#defaults()}; a state bound given here replaces that state's default.
 */
@ConfigurationProperties("bookiji.reconciler.audit")
public class AuditProperties {

  /** Every check runs at least this often (time alone can break an invariant). */
  private Duration checkInterval = Duration.ofSeconds(10);
  /** How soon after a new message the checks run again. */
  private Duration eventCheckDelay = Duration.ofMillis(250);
  private Duration grace = Duration.ofSeconds(30);
  private Duration authorizationOpenBound = Duration.ofMinutes(15);
  private Duration authorizationValidity = Duration.ofDays(7);
  private Map<String, Duration> stateBounds = new LinkedHashMap<>();
  /** How long checks must keep seeing a break before it is raised (facts of other topics may be on their way). */
  private Duration confirmAfter = Duration.ofSeconds(2);
  /** The most a consumer's lag may stretch a check's bound (see lag-aware grace in the README). */
  private Duration maxLagStretch = Duration.ofMinutes(10);

  public CheckBounds bounds() {
    Map<String, Duration> states = new LinkedHashMap<>(CheckBounds.defaults().stateBounds());
    states.putAll(stateBounds);
    return new CheckBounds(grace, authorizationOpenBound, authorizationValidity, states, maxLagStretch);
  }

  public Duration getCheckInterval() { return checkInterval; }
  public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
  public Duration getEventCheckDelay() { return eventCheckDelay; }
  public void setEventCheckDelay(Duration eventCheckDelay) { this.eventCheckDelay = eventCheckDelay; }
  public Duration getGrace() { return grace; }
  public void setGrace(Duration grace) { this.grace = grace; }
  public Duration getAuthorizationOpenBound() { return authorizationOpenBound; }
  public void setAuthorizationOpenBound(Duration bound) { this.authorizationOpenBound = bound; }
  public Duration getAuthorizationValidity() { return authorizationValidity; }
  public void setAuthorizationValidity(Duration validity) { this.authorizationValidity = validity; }
  public Duration getConfirmAfter() { return confirmAfter; }
  public void setConfirmAfter(Duration confirmAfter) { this.confirmAfter = confirmAfter; }
  public Duration getMaxLagStretch() { return maxLagStretch; }
  public void setMaxLagStretch(Duration maxLagStretch) { this.maxLagStretch = maxLagStretch; }
  public Map<String, Duration> getStateBounds() { return stateBounds; }
  public void setStateBounds(Map<String, Duration> stateBounds) { this.stateBounds = stateBounds; }
}
