package com.bookiji.availability.it;

import com.bookiji.availability.AvailabilityServiceApplication;
import com.bookiji.availability.application.SlotService;
import com.bookiji.availability.application.SlotService.SlotSpec;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One running availability-service (a whole Spring Boot application) on a test database. */
public final class AvailabilityInstance implements AutoCloseable {

  public static final String JWT_SECRET = "availability-it-secret-with-32-plus-bytes!";
  private static final AtomicLong SLOT_OFFSET_MINUTES = new AtomicLong();

  private final ConfigurableApplicationContext context;

  private AvailabilityInstance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static AvailabilityInstance start(TestDatabase db, Map<String, String> extra) {
    Map<String, Object> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.put("server.port", "0");
    props.put("bookiji.security.jwt.secret", JWT_SECRET);
    props.put("spring.main.banner-mode", "off");
    props.put("bookiji.outbox.relay.lock-retry-interval", "300ms");
    props.put("logging.level.io.debezium", "WARN");
    props.put("logging.level.org.apache.kafka", "WARN");
    props.put("logging.level.org.springframework.kafka", "WARN");
    props.putAll(extra);
    // As command-line arguments: they win over application.yml (builder defaults would not).
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(
        AvailabilityServiceApplication.class).run(args);
    return new AvailabilityInstance(ctx);
  }

  public static AvailabilityInstance start(TestDatabase db) {
    return start(db, Map.of());
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  public boolean isRunning() {
    return context.isActive();
  }

  /** A fresh free slot for {@code vendorId}, a day or more ahead, never overlapping another. */
  public UUID createSlot(String vendorId) {
    return createSlots(vendorId, 1).get(0);
  }

  public List<UUID> createSlots(String vendorId, int count) {
    Instant base = Instant.now().plus(Duration.ofDays(2))
        .plus(Duration.ofMinutes(SLOT_OFFSET_MINUTES.getAndAdd(count * 60L)));
    List<SlotSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant start = base.plus(Duration.ofMinutes(60L * i));
      specs.add(new SlotSpec(start, start.plus(Duration.ofMinutes(45)), "Europe/Berlin", 4500,
          "EUR"));
    }
    return bean(SlotService.class).create(vendorId, specs).stream()
        .map(v -> v.slot().id()).toList();
  }

  @Override
  public void close() {
    if (context.isActive()) {
      context.close();
    }
  }
}
