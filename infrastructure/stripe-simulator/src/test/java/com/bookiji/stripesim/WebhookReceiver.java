package com.bookiji.stripesim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test webhook endpoint that records every delivery and can be told to fail the next N, or to hold
 * each delivery until another one is in flight (so deliveries that can overlap do); it counts the
 * most deliveries it had in flight at once.
 */
final class WebhookReceiver implements AutoCloseable {

  record Delivery(String payload, String signature) {}

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveredWhileHanging = new CopyOnWriteArrayList<>();
  private final AtomicInteger hanging = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger hangNext = new AtomicInteger();
  private volatile long hangMillis;
  private final Object inFlightLock = new Object();
  private int inFlight;
  private int mostAtOnce;
  private volatile long holdUntilOverlapMillis;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", ex -> {
      String payload = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      arrived();
      int status = 200;
      if (hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        hanging.incrementAndGet();
        try {
          Thread.sleep(hangMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          hanging.decrementAndGet();
        }
        status = 504;
      } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = 500;
      } else {
        Delivery delivery = new Delivery(payload, ex.getRequestHeaders().getFirst("Stripe-Signature"));
        deliveries.add(delivery);
        if (hanging.get() > 0) {
          deliveredWhileHanging.add(delivery);
        }
      }
      left();
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "webhook-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  List<Delivery> deliveries() {
    return deliveries;
  }

  /** The deliveries answered 2xx while another delivery was hanging ({@link #hangNext}). */
  List<Delivery> deliveredWhileHanging() {
    return deliveredWhileHanging;
  }

  void failNext(int n) {
    failNext.set(n);
  }

  /** The next {@code n} deliveries get no answer for {@code millis}. */
  void hangNext(int n, long millis) {
    hangMillis = millis;
    hangNext.set(n);
  }

  /** Each delivery waits up to {@code hold} for another one to be in flight before it is answered. */
  void holdEachUntilAnotherArrives(Duration hold) {
    holdUntilOverlapMillis = hold.toMillis();
  }

  /** The most deliveries that were in flight at the same time. */
  int mostAtOnce() {
    synchronized (inFlightLock) {
      return mostAtOnce;
    }
  }

  private void arrived() {
    synchronized (inFlightLock) {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      inFlightLock.notifyAll();
      long deadline = System.currentTimeMillis() + holdUntilOverlapMillis;
      long left;
      while (inFlight < 2 && (left = deadline - System.currentTimeMillis()) > 0) {
        try {
          inFlightLock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void left() {
    synchronized (inFlightLock) {
      inFlight--;
    }
  }

  void clear() {
    deliveries.clear();
    deliveredWhileHanging.clear();
    failNext.set(0);
    hangNext.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
