package com.bookiji.reconciler.console.web;

import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.console.application.ConsoleOverview;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The overview, live: one server-sent event {@code overview} every {@link #PUSH_INTERVAL} to each open
 * console. The overview is computed once per tick for all of them; the number of streams is bounded.
 */
@RestController
public class ConsoleStream implements DisposableBean {

  static final Duration PUSH_INTERVAL = Duration.ofSeconds(2);
  private static final int MAX_STREAMS = 20;
  private static final Logger log = LoggerFactory.getLogger(ConsoleStream.class);

  private final ConsoleOverview overview;
  private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ops-console-stream");
    t.setDaemon(true);
    return t;
  });

  public ConsoleStream(ConsoleOverview overview) {
    this.overview = overview;
    pusher.scheduleWithFixedDelay(this::push, PUSH_INTERVAL.toMillis(), PUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @GetMapping(path = "/ops/api/overview/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter stream() throws IOException {
    if (emitters.size() >= MAX_STREAMS) {
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_STREAMS",
          "at most " + MAX_STREAMS + " consoles stream at once; reload later");
    }
    SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(e -> emitters.remove(emitter));
    emitters.add(emitter);
    emitter.send(SseEmitter.event().name("overview").data(ConsoleController.OverviewView.of(overview.overview()),
        MediaType.APPLICATION_JSON));
    return emitter;
  }

  private void push() {
    if (emitters.isEmpty()) {
      return;
    }
    try {
      ConsoleController.OverviewView view = ConsoleController.OverviewView.of(overview.overview());
      for (SseEmitter emitter : emitters) {
        try {
          emitter.send(SseEmitter.event().name("overview").data(view, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
          emitters.remove(emitter); // the browser went away
        }
      }
    } catch (RuntimeException e) {
      log.warn("Building the console overview failed; the next tick tries again: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    pusher.shutdownNow();
    emitters.forEach(SseEmitter::complete);
  }
}
