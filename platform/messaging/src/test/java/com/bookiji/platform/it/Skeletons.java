package com.bookiji.platform.it;

import com.bookiji.platform.lifecycle.Crashable;
import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The walking skeleton under test: {@link SkeletonApp} instances an IT starts on databases of its
 * own, each relaying its outbox and (unless {@code skeleton.consume=false}) consuming
 * {@code availability.commands} through its inbox under a consumer name of its database. Every
 * instance still running is closed with the harness (an IT holds it as an {@code @AutoClose} field).
 */
final class Skeletons implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofSeconds(60);

  final TestInfrastructure infra = TestInfrastructure.shared();
  private final Map<String, String> defaults;
  private final List<ConfigurableApplicationContext> running = new ArrayList<>();

  /** {@code defaults}: properties of every instance this harness starts (an IT's own settings). */
  Skeletons(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  Skeletons() {
    this(Map.of());
  }

  TestDatabase database(String name) {
    return infra.createDatabase(name);
  }

  ConfigurableApplicationContext start(TestDatabase db) {
    return start(db, Map.of());
  }

  ConfigurableApplicationContext start(TestDatabase db, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("skeleton.consumer-name", "skeleton-" + db.name());
    props.putAll(defaults);
    props.putAll(overrides);
    ConfigurableApplicationContext app = TestApps.start(SkeletonApp.class, db, props);
    running.add(app);
    return app;
  }

  /** Like the death of the instance's process (see {@link TestApps#kill}). */
  /** Crashes the app's Crashable beans (the relay) and closes it; returns what was crashed. */
  Map<String, Crashable> kill(ConfigurableApplicationContext app) {
    running.remove(app);
    return TestApps.kill(app);
  }

  @Override
  public void close() {
    running.forEach(ConfigurableApplicationContext::close);
    running.clear();
  }
}
