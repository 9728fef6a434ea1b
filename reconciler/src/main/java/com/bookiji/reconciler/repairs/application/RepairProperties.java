package com.bookiji.reconciler.repairs.application;

import com.bookiji.reconciler.repairs.domain.RepairMode;
import com.bookiji.reconciler.repairs.domain.RepairType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bookiji.reconciler.repairs.*}: mode per repair type, the rate limit. */
@ConfigurationProperties("bookiji.reconciler.repairs")
public class RepairProperties {

  /** Per type: AUTO, PROPOSE or OFF; a type not listed keeps its default (voids and releases AUTO). */
  private Map<RepairType, RepairMode> modes = new EnumMap<>(RepairType.class);
  private int maxPerMinute = 20;

  public RepairMode mode(RepairType type) {
    return modes.getOrDefault(type, type.defaultMode());
  }

  public Map<RepairType, RepairMode> getModes() {
    return modes;
  }

  public void setModes(Map<RepairType, RepairMode> modes) {
    this.modes = new EnumMap<>(RepairType.class);
    this.modes.putAll(modes);
  }

  public int getMaxPerMinute() {
    return maxPerMinute;
  }

  public void setMaxPerMinute(int maxPerMinute) {
    this.maxPerMinute = maxPerMinute;
  }

  public Duration window() {
    return Duration.ofMinutes(1);
  }
}
