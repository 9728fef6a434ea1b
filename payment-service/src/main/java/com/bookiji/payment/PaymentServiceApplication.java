package com.bookiji.payment;

import com.bookiji.payment.application.PaymentSweepProperties;
import com.bookiji.payment.messaging.PaymentCommandHandler;
import com.bookiji.payment.persistence.StripeCallLog;
import com.bookiji.payment.stripe.StripeGateway;
import com.bookiji.payment.stripe.StripeMetrics;
import com.bookiji.payment.stripe.StripeProperties;
import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.schemas.Topic;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Payments and every Stripe call. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties({StripeProperties.class, PaymentSweepProperties.class})
public class PaymentServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(PaymentServiceApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  StripeGateway stripeGateway(StripeProperties properties, StripeCallLog callLog,
      StripeMetrics metrics, ObjectProvider<Tracer> tracer, Clock clock) {
    return new StripeGateway(properties, callLog, metrics, tracer.getIfAvailable(() -> Tracer.NOOP), clock);
  }

  /** The inbox consumer (and Kafka consumer group) of {@code payment.commands}. */
  @Bean
  InboxSubscription paymentCommands(PaymentCommandHandler handler,
      @Value("${bookiji.payment.consumer-name:payment-service}") String consumerName) {
    return new InboxSubscription(consumerName, List.of(Topic.PAYMENT_COMMANDS), handler);
  }
}
