package com.bookiji.payment.stripe;

import com.bookiji.payment.application.PaymentProvider;
import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.payment.application.ProviderResult;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.domain.PaymentOperation;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TEST-ONLY fault switches for the stress suite (loadtest), off unless
 * {@code bookiji.payment.test-faults.dir} names a directory. Each switch is a file in it, so the suite
 * arms a running process without restarting it:
 * <ul>
 *   <li>{@code halt-after-capture}: the next capture Stripe applied halts the JVM (exit 137, no
 *   shutdown hooks) before the local record commits — the stress report's 4.4 crash point. The file
 *   is deleted first, so the restarted process (whose retry replays the capture) does not halt again.
 *   <li>{@code skip-void}: while it exists, a void is reported as done without cancelling at Stripe —
 *   broken compensation, which the suite's independent checker must judge NOT SAFE.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bookiji.payment.test-faults.dir")
public class TestFaultSwitches {

  private static final Logger log = LoggerFactory.getLogger(TestFaultSwitches.class);

  @Bean
  ProviderCallObserver haltAfterCaptureSwitch(
      @org.springframework.beans.factory.annotation.Value("${bookiji.payment.test-faults.dir}") Path dir) {
    Path armed = dir.resolve("halt-after-capture");
    return (operation, reservationId) -> {
      if (operation == PaymentOperation.CAPTURE && consume(armed)) {
        log.warn("TEST FAULT: halting after Stripe applied the capture of {}, before the commit", reservationId);
        Runtime.getRuntime().halt(137);
      }
    };
  }

  @Bean
  static BeanPostProcessor skipVoidSwitch(
      @org.springframework.beans.factory.annotation.Value("${bookiji.payment.test-faults.dir}") Path dir) {
    Path armed = dir.resolve("skip-void");
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof PaymentProvider provider)) {
          return bean;
        }
        return Proxy.newProxyInstance(PaymentProvider.class.getClassLoader(), new Class<?>[] {PaymentProvider.class},
            (proxy, method, args) -> {
              if (method.getName().equals("voidAuthorization") && Files.exists(armed)) {
                String reservationId = (String) args[0];
                log.warn("TEST FAULT: void of {} reported done without cancelling at Stripe", reservationId);
                return skippedVoid(provider.retrieve(reservationId, (String) args[1]));
              }
              try {
                return method.invoke(provider, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
      }
    };
  }

  private static ProviderResult<IntentSnapshot> skippedVoid(ProviderResult<IntentSnapshot> current) {
    if (current instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      IntentSnapshot i = s.value();
      return new ProviderResult.Succeeded<>(new IntentSnapshot(i.id(), IntentStatus.CANCELED, i.amountMinor(),
          i.amountReceivedMinor(), i.currency(), i.clientSecret(), "abandoned", null, null, null, i.latestChargeId()));
    }
    return current;
  }

  private static boolean consume(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }
}
