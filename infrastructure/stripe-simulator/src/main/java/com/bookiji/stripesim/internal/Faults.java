package com.bookiji.stripesim.internal;

import com.bookiji.stripesim.FaultKind;
import com.bookiji.stripesim.FaultRule;
import com.bookiji.stripesim.WebhookFaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Active fault rules and the decision, per request or delivery, of which of them fire. */
public final class Faults {

  /** A rule plus its own seeded random source and remaining count. */
  private static final class Active<R> {
    final R rule;
    final String id;
    final Random random;
    final Double probability;
    Integer remaining;
    int fired;

    Active(R rule, String id, Long seed, Double probability, Integer remaining) {
      this.rule = rule;
      this.id = id;
      this.random = seed == null ? new Random() : new Random(seed);
      this.probability = probability;
      this.remaining = remaining;
    }

    boolean exhausted() {
      return remaining != null && remaining <= 0;
    }

    /** Draws even when it does not fire so a seeded sequence depends only on matching requests. */
    boolean draw() {
      if (exhausted()) {
        return false;
      }
      if (probability != null && random.nextDouble() >= probability) {
        return false;
      }
      if (remaining != null) {
        remaining--;
      }
      fired++;
      return true;
    }
  }

  /** The faults chosen for one request: every matching latency, then at most one terminal fault. */
  public record Decision(long latencyMs, FaultRule terminal, List<String> firedIds) {
    public boolean none() {
      return latencyMs == 0 && terminal == null;
    }
  }

  private final List<Active<FaultRule>> apiRules = new ArrayList<>();
  private final List<Active<WebhookFaultRule>> webhookRules = new ArrayList<>();

  public synchronized FaultRule add(FaultRule rule) {
    if (rule.kind() == null) {
      throw ApiError.missing("kind");
    }
    if (rule.endpoint() == null || rule.endpoint().isBlank()) {
      throw ApiError.missing("endpoint");
    }
    if (rule.kind() == FaultKind.LATENCY && (rule.latencyMs() == null || rule.latencyMs() < 0)) {
      throw ApiError.invalid("LATENCY needs latencyMs >= 0", "latencyMs", "parameter_missing");
    }
    if (rule.kind() == FaultKind.HTTP_5XX && rule.status() != null && (rule.status() < 500 || rule.status() > 599)) {
      throw ApiError.invalid("HTTP_5XX needs a status between 500 and 599", "status", "parameter_invalid_integer");
    }
    checkProbability(rule.probability());
    String id = Ids.next("fault_");
    FaultRule stored =
        new FaultRule(
            id, rule.endpoint().trim(), rule.kind(), rule.latencyMs(), rule.status(), rule.retryAfterSeconds(),
            rule.remaining(), rule.probability(), rule.seed(), rule.metadataKey(), rule.metadataValue());
    apiRules.add(new Active<>(stored, id, rule.seed(), rule.probability(), rule.remaining()));
    return stored;
  }

  public synchronized WebhookFaultRule add(WebhookFaultRule rule) {
    if (rule.kind() == null) {
      throw ApiError.missing("kind");
    }
    checkProbability(rule.probability());
    String id = Ids.next("whfault_");
    WebhookFaultRule stored =
        new WebhookFaultRule(
            id, rule.kind(), rule.eventType(), rule.delayMs(), rule.remaining(), rule.probability(), rule.seed(),
            rule.metadataKey(), rule.metadataValue());
    webhookRules.add(new Active<>(stored, id, rule.seed(), rule.probability(), rule.remaining()));
    return stored;
  }

  private static void checkProbability(Double p) {
    if (p != null && (p < 0 || p > 1)) {
      throw ApiError.invalid("probability must be between 0 and 1", "probability", "parameter_invalid_string");
    }
  }

  public synchronized void clearApiRules() {
    apiRules.clear();
  }

  public synchronized void clearWebhookRules() {
    webhookRules.clear();
  }

  public synchronized boolean remove(String id) {
    return apiRules.removeIf(a -> a.id.equals(id)) | webhookRules.removeIf(a -> a.id.equals(id));
  }

  public synchronized List<Map<String, Object>> describe() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Active<FaultRule> a : apiRules) {
      out.add(Map.of("rule", a.rule, "fired", a.fired, "remaining", a.remaining == null ? -1 : a.remaining));
    }
    return out;
  }

  public synchronized List<Map<String, Object>> describeWebhook() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Active<WebhookFaultRule> a : webhookRules) {
      out.add(Map.of("rule", a.rule, "fired", a.fired, "remaining", a.remaining == null ? -1 : a.remaining));
    }
    return out;
  }

  /**
   * Decides which rules fire. The target's metadata is looked up (through {@code metadata}) before
   * taking this object's lock, and only when a metadata-scoped rule exists: the lookup locks the
   * payments state, which in turn calls into this class when it emits events.
   */
  public Decision decide(String method, String path, Supplier<Map<String, String>> metadata) {
    Map<String, String> md = hasMetadataRule() ? metadata.get() : Map.of();
    return decide(method, path, md);
  }

  private synchronized boolean hasMetadataRule() {
    return apiRules.stream().anyMatch(a -> a.rule.metadataKey() != null && !a.exhausted());
  }

  private synchronized Decision decide(String method, String path, Map<String, String> md) {
    long latency = 0;
    FaultRule terminal = null;
    List<String> fired = new ArrayList<>();
    for (Active<FaultRule> a : apiRules) {
      FaultRule r = a.rule;
      if (a.exhausted() || !endpointMatches(r.endpoint(), method, path)) {
        continue;
      }
      if (terminal != null && r.kind() != FaultKind.LATENCY) {
        continue;
      }
      if (r.metadataKey() != null && !metadataMatches(md, r.metadataKey(), r.metadataValue())) {
        continue;
      }
      if (!a.draw()) {
        continue;
      }
      fired.add(a.id);
      if (r.kind() == FaultKind.LATENCY) {
        latency += r.latencyMs();
      } else {
        terminal = r;
      }
    }
    return new Decision(latency, terminal, fired);
  }

  /** The first matching webhook rule that fires for this event, or null. */
  public synchronized WebhookFaultRule decideWebhook(String eventType, Map<String, String> metadata) {
    for (Active<WebhookFaultRule> a : webhookRules) {
      WebhookFaultRule r = a.rule;
      if (a.exhausted()) {
        continue;
      }
      if (r.eventType() != null && !Events.typeMatches(r.eventType(), eventType)) {
        continue;
      }
      if (r.metadataKey() != null && !metadataMatches(metadata, r.metadataKey(), r.metadataValue())) {
        continue;
      }
      if (a.draw()) {
        return r;
      }
    }
    return null;
  }

  private static boolean metadataMatches(Map<String, String> md, String key, String value) {
    String actual = md.get(key);
    return actual != null && (value == null || value.equals(actual));
  }

  static boolean endpointMatches(String pattern, String method, String path) {
    String p = pattern.trim();
    String patternMethod = "*";
    String patternPath = p;
    int space = p.indexOf(' ');
    if (space > 0) {
      patternMethod = p.substring(0, space).trim();
      patternPath = p.substring(space + 1).trim();
    }
    if (!patternMethod.equals("*") && !patternMethod.equalsIgnoreCase(method)) {
      return false;
    }
    String[] want = trimSlashes(patternPath).split("/");
    String[] have = trimSlashes(path).split("/");
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals("**")) {
        return true;
      }
      if (i >= have.length) {
        return false;
      }
      if (!want[i].equals("*") && !want[i].equals(have[i])) {
        return false;
      }
    }
    return want.length == have.length;
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
