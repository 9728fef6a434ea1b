package com.bookiji.stripesim.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers over {@link HttpExchange}. */
public final class Http {

  private Http() {}

  /** Thrown out of a handler to make the JDK server close the socket mid-response. */
  public static final class DropConnection extends RuntimeException {
    public DropConnection() {
      super("simulated connection drop", null, false, false);
    }
  }

  public static String body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  /**
   * Drops the connection so the client cannot know the outcome. The status line and headers go out
   * first, then the socket closes mid-body: a connection closed before any response byte would be
   * silently re-sent once by the JDK's HttpURLConnection (which stripe-java uses), hiding the fault.
   */
  public static void drop(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write("{\"id\":".getBytes(StandardCharsets.UTF_8));
    out.flush();
    throw new DropConnection();
  }
}
