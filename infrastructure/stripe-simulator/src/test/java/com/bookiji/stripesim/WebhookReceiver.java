package com.bookiji.stripesim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test webhook endpoint that records every delivery and can be told to fail the next N. */
final class WebhookReceiver implements AutoCloseable {

  record Delivery(String payload, String signature) {}

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger hangNext = new AtomicInteger();
  private volatile long hangMillis;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", ex -> {
      String payload = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = 200;
      if (hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        try {
          Thread.sleep(hangMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 504;
      } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = 500;
      } else {
        deliveries.add(new Delivery(payload, ex.getRequestHeaders().getFirst("Stripe-Signature")));
      }
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

  void failNext(int n) {
    failNext.set(n);
  }

  /** The next {@code n} deliveries get no answer for {@code millis}. */
  void hangNext(int n, long millis) {
    hangMillis = millis;
    hangNext.set(n);
  }

  void clear() {
    deliveries.clear();
    failNext.set(0);
    hangNext.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
