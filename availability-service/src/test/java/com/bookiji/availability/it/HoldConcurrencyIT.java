package com.bookiji.availability.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.availability.application.CommandRefused;
import com.bookiji.availability.application.Commands;
import com.bookiji.availability.application.HoldService;
import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.availability.messaging.MessagingConfiguration;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.availability.SlotHoldRejectionReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two service instances on one database and one broker, racing for the same slots. */
class HoldConcurrencyIT {

  // Three consumer threads each: with both instances in the group, it has six members.
  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("availability_concurrency",
      Map.of("bookiji.inbox.concurrency", "3"));
  static final AvailabilityInstance first = sut.service();
  static final AvailabilityInstance second = sut.startAnotherInstance();

  @Test
  @DisplayName("50 parallel HoldSlot for one slot across two instances: exactly one SlotHeld, 49 SlotHoldRejected")
  void fiftyRequestersOneSlot() throws Exception {
    UUID slot = first.createSlot("vendor-hot");
    awaitBothInstancesConsume();
    long handledBefore = handled(first) + handled(second);

    List<String> reservations = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      reservations.add(Cmd.newReservation("hot-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    try (RelayPublisher one = new RelayPublisher(sut.infra); RelayPublisher two = new RelayPublisher(sut.infra)) {
      RelayPublisher[] senders = {one, two};
      for (int i = 0; i < reservations.size(); i++) {
        String res = reservations.get(i);
        RelayPublisher sender = senders[i % 2];
        pool.submit(() -> {
          go.await();
          return sender.publish(res, Cmd.hold(res, slot, 300));
        });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> reservations.stream().filter(r -> !sut.events.of(r).isEmpty()).count() == 50);
    List<SlotHeld> held = reservations.stream().flatMap(r -> sut.events.of(r, SlotHeld.class).stream())
        .map(r -> r.as(SlotHeld.class)).toList();
    List<SlotHoldRejected> rejected = reservations.stream()
        .flatMap(r -> sut.events.of(r, SlotHoldRejected.class).stream())
        .map(r -> r.as(SlotHoldRejected.class)).toList();
    assertThat(held).hasSize(1);
    assertThat(rejected).hasSize(49)
        .allMatch(r -> r.getReason() == SlotHoldRejectionReason.SLOT_UNAVAILABLE);
    assertThat(sut.sql.sql("SELECT count(*) FROM holds WHERE slot_id = ?").param(slot)
        .query(Long.class).single()).isEqualTo(1);
    assertThat(sut.sql.sql("SELECT reservation_id FROM holds WHERE slot_id = ? AND status = 'ACTIVE'")
        .param(slot).query(String.class).single()).isEqualTo(held.get(0).getReservationId());
    // Both instances took part (the group spread the 50 reservations over their partitions).
    assertThat(handled(first)).isPositive();
    assertThat(handled(second)).isPositive();
    assertThat(handled(first) + handled(second) - handledBefore).isEqualTo(50);
  }

  @Test
  @DisplayName("no double booking under any interleaving of hold, expire, commit, release and cancel")
  void randomInterleavings() throws Exception {
    List<UUID> slots = first.createSlots("vendor-race", 3);
    HoldService[] services = {first.bean(HoldService.class), second.bean(HoldService.class)};
    long seed = System.nanoTime();
    System.out.println("randomInterleavings seed=" + seed);

    Map<String, UUID> holdOf = new ConcurrentHashMap<>();
    Map<String, UUID> bookingOf = new ConcurrentHashMap<>();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicLong operations = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);

    Thread checker = new Thread(() -> {
      while (running.get()) {
        violations.addAll(invariantViolations());
      }
    }, "invariant-checker");
    checker.start();

    int threads = 12;
    Instant deadline = Instant.now().plusSeconds(8);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(seed + t);
      pool.submit(() -> {
        while (Instant.now().isBefore(deadline)) {
          HoldService service = services[random.nextInt(2)];
          try {
            step(service, random, slots, holdOf, bookingOf);
            operations.incrementAndGet();
          } catch (CommandRefused expected) {
            // release of a booked hold, cancel of an unknown booking: refused, nothing changed
          } catch (Throwable e) {
            unexpected.add(e);
          }
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    running.set(false);
    checker.join();

    assertThat(unexpected).as("unexpected failures (seed %d)", seed).isEmpty();
    assertThat(violations).as("invariant violations (seed %d)", seed).isEmpty();
    assertThat(operations.get()).isGreaterThan(200);
    assertThat(invariantViolations()).isEmpty();

    // One hold nobody commits or releases, so the expiry path below is exercised whatever the
    // dice did (the race alone may leave no hold to expire).
    UUID idleSlot = first.createSlots("vendor-race-idle", 1).get(0);
    String idle = "race-idle-" + UUID.randomUUID();
    assertThat(services[0].hold(new Commands.HoldSlot(idle, idleSlot.toString(), "r", 1),
        MessageContext.root(idle))).isInstanceOf(AvailabilityEvent.SlotHeld.class);

    // Every hold that was not committed or released expires (TTL 1 s) and says so exactly once,
    // although both instances' sweeps and the racing threads all tried to expire it.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sut.sql.sql(
        "SELECT count(*) FROM holds WHERE status = 'ACTIVE'").query(Long.class).single() == 0);
    List<Map<String, Object>> expired = sut.sql.sql(
        "SELECT id::text AS id, reservation_id FROM holds WHERE status = 'EXPIRED'")
        .query().listOfRows();
    assertThat(expired).isNotEmpty();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> expired.stream().allMatch(
        row -> !sut.events.of((String) row.get("reservation_id"), HoldExpired.class).isEmpty()));
    for (Map<String, Object> row : expired) {
      assertThat(sut.events.of((String) row.get("reservation_id"), HoldExpired.class))
          .as("HoldExpired for hold %s", row.get("id")).hasSize(1);
    }
  }

  private static void step(HoldService service, SplittableRandom random, List<UUID> slots,
      Map<String, UUID> holdOf, Map<String, UUID> bookingOf) {
    int dice = random.nextInt(100);
    if (dice < 40 || holdOf.isEmpty()) {
      String res = "race-" + UUID.randomUUID();
      UUID slot = slots.get(random.nextInt(slots.size()));
      AvailabilityEvent e = service.hold(new Commands.HoldSlot(res, slot.toString(), "r", 1),
          MessageContext.root(res));
      if (e instanceof AvailabilityEvent.SlotHeld h) {
        holdOf.put(res, h.holdId());
      }
      return;
    }
    List<String> known = new ArrayList<>(holdOf.keySet());
    String res = known.get(random.nextInt(known.size()));
    if (dice < 65) {
      AvailabilityEvent e = service.commit(new Commands.CommitHold(res, holdOf.get(res).toString()),
          MessageContext.root(res));
      if (e instanceof AvailabilityEvent.HoldCommitted c) {
        bookingOf.put(res, c.bookingId());
      }
    } else if (dice < 80) {
      String holdId = random.nextBoolean() ? holdOf.get(res).toString() : null;
      service.release(new Commands.ReleaseHold(res, holdId, "race"), MessageContext.root(res));
    } else if (dice < 90 && !bookingOf.isEmpty()) {
      List<String> booked = new ArrayList<>(bookingOf.keySet());
      String b = booked.get(random.nextInt(booked.size()));
      service.cancelBooking(new Commands.CancelBooking(b, bookingOf.get(b).toString(), "race"),
          MessageContext.root(b));
    } else {
      service.expireDue(5);
    }
  }

  /** Each query is one statement, so it sees one consistent snapshot. */
  private static List<String> invariantViolations() {
    List<String> found = new ArrayList<>();
    found.addAll(sut.sql.sql("""
        SELECT 'two live holds on slot ' || slot_id FROM holds
         WHERE status IN ('ACTIVE', 'COMMITTED') GROUP BY slot_id HAVING count(*) > 1""")
        .query(String.class).list());
    found.addAll(sut.sql.sql("""
        SELECT 'two active bookings on slot ' || slot_id FROM bookings
         WHERE status = 'ACTIVE' GROUP BY slot_id HAVING count(*) > 1""")
        .query(String.class).list());
    found.addAll(sut.sql.sql("""
        SELECT 'committed hold without active booking ' || h.id FROM holds h
         WHERE h.status = 'COMMITTED'
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.hold_id = h.id AND b.status = 'ACTIVE')""")
        .query(String.class).list());
    found.addAll(sut.sql.sql("""
        SELECT 'active booking on a hold that is ' || h.status || ' ' || b.id FROM bookings b
          JOIN holds h ON h.id = b.hold_id WHERE b.status = 'ACTIVE' AND h.status <> 'COMMITTED'""")
        .query(String.class).list());
    return found;
  }

  private static long handled(AvailabilityInstance instance) {
    return instance.bean(MeterRegistry.class).find("bookiji.availability.command.duration")
        .timers().stream().mapToLong(Timer::count).sum();
  }

  private static void awaitBothInstancesConsume() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        sut.infra.bootstrapServers()))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
        ConsumerGroupDescription group = admin.describeConsumerGroups(
                List.of(MessagingConfiguration.CONSUMER_NAME)).all().get()
            .get(MessagingConfiguration.CONSUMER_NAME);
        int assigned = group.members().stream()
            .mapToInt(m -> (int) m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(Topic.AVAILABILITY_COMMANDS.topicName())).count())
            .sum();
        return group.members().size() == 6 && assigned == Topic.AVAILABILITY_COMMANDS.partitions();
      });
    }
  }
}
