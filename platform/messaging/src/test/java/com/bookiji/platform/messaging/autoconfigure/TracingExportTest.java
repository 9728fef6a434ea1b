package com.bookiji.platform.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

@DisplayName("Tracing export: off until an OTLP endpoint is configured, every trace sampled by default")
class TracingExportTest {

  final ApplicationContextRunner otlp = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class));

  @Test
  @DisplayName("without an endpoint no span exporter exists, so nothing tries to reach a collector")
  void noEndpointNoExporter() {
    otlp.run(context -> assertThat(context).doesNotHaveBean(SpanExporter.class));
  }

  @Test
  @DisplayName("the documented property (MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT) switches export on")
  void endpointSwitchesExportOn() {
    otlp.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://collector:4318/v1/traces")
        .run(context -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class));
  }

  @Test
  @DisplayName("metrics are not pushed over OTLP: the OTLP meter registry is not on the classpath")
  void noOtlpMeterRegistry() {
    assertThat(ClassUtils.isPresent("io.micrometer.registry.otlp.OtlpMeterRegistry", null)).isFalse();
  }

  @Test
  @DisplayName("every trace is sampled unless a service says otherwise")
  void everyTraceSampled() {
    StandardEnvironment environment = new StandardEnvironment();
    new MessagingDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    assertThat(environment.getProperty("logging.pattern.correlation")).contains("reservationId");
  }
}
