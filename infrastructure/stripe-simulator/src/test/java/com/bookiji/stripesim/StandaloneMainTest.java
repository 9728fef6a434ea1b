package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.Gson;
import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator runs alone from its main class")
class StandaloneMainTest {

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  @DisplayName("--port starts it on that port, ready for stripe-java")
  void startsOnPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = codeSource(StripeSimulatorMain.class) + File.pathSeparator + codeSource(Gson.class)
        + File.pathSeparator + codeSource(picocli.CommandLine.class);
    Process process = new ProcessBuilder(
            java, "-Xmx128m", "-cp", classpath, StripeSimulatorMain.class.getName(),
            "--port", Integer.toString(port), "--authorization-expiry-seconds", "30")
        .redirectErrorStream(true)
        .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (Exception ignored) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> output.stream().anyMatch(l -> l.contains("listening on")));
      assertThat(output.get(0)).contains("http://127.0.0.1:" + port).contains("PT30S");
      StripeClient stripe = StripeClient.builder()
          .setApiKey("sk_test_bookiji").setApiBase("http://127.0.0.1:" + port).setMaxNetworkRetries(0).build();
      PaymentIntent pi = stripe.v1().paymentIntents().create(
          PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("eur").build());
      assertThat(pi.getStatus()).isEqualTo("requires_payment_method");
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
