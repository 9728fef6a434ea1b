package com.bookiji.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.DisputeSnapshot;
import com.bookiji.payment.application.PaymentProvider;
import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.payment.application.ProviderResult;
import com.bookiji.payment.application.RefundSnapshot;
import com.bookiji.payment.application.StripeWebhookService;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@DisplayName("the stress suite's test-only fault switches")
class TestFaultSwitchesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("off unless bookiji.payment.test-faults.dir is set: no observer, no provider wrapper")
  void offByDefault() {
    new ApplicationContextRunner().withUserConfiguration(TestFaultSwitches.class)
        .run(ctx -> assertThat(ctx).doesNotHaveBean(ProviderCallObserver.class));
    new ApplicationContextRunner().withUserConfiguration(TestFaultSwitches.class)
        .withPropertyValues("bookiji.payment.test-faults.dir=" + dir)
        .run(ctx -> assertThat(ctx).hasSingleBean(ProviderCallObserver.class));
  }

  @Test
  @DisplayName("skip-void: while its file exists a void reports CANCELED without cancelling at Stripe; without it the call goes through")
  void skipVoid() throws Exception {
    RecordingProvider stripe = new RecordingProvider();
    BeanPostProcessor wrapper = TestFaultSwitches.skipVoidSwitch(dir);
    PaymentProvider provider = (PaymentProvider) wrapper.postProcessAfterInitialization(stripe, "stripeGateway");

    Files.writeString(dir.resolve("skip-void"), "armed");
    ProviderResult<IntentSnapshot> skipped = provider.voidAuthorization("r-1", "pi_1", "void:1");
    assertThat(stripe.calls).containsExactly("retrieve pi_1");
    assertThat(((ProviderResult.Succeeded<IntentSnapshot>) skipped).value().status()).isEqualTo(IntentStatus.CANCELED);

    Files.delete(dir.resolve("skip-void"));
    provider.voidAuthorization("r-1", "pi_1", "void:1");
    assertThat(stripe.calls).containsExactly("retrieve pi_1", "cancel pi_1");
  }

  /** Records what reached "Stripe"; every intent is authorized. */
  static final class RecordingProvider implements PaymentProvider {
    final List<String> calls = new ArrayList<>();

    private ProviderResult<IntentSnapshot> authorized(String id) {
      return new ProviderResult.Succeeded<>(new IntentSnapshot(id, IntentStatus.REQUIRES_CAPTURE, 4200, 0, "eur",
          null, null, null, null, null, null));
    }

    @Override public ProviderResult<IntentSnapshot> createAuthorization(String r, int a, long m, String c, String k) { return authorized("pi_new"); }
    @Override public ProviderResult<IntentSnapshot> capture(String r, String pi, long m, String k) { return authorized(pi); }
    @Override public ProviderResult<IntentSnapshot> voidAuthorization(String r, String pi, String k) { calls.add("cancel " + pi); return authorized(pi); }
    @Override public ProviderResult<RefundSnapshot> refund(String r, String pi, long m, int s, String k) { return null; }
    @Override public ProviderResult<IntentSnapshot> retrieve(String r, String pi) { calls.add("retrieve " + pi); return authorized(pi); }
    @Override public ProviderResult<Optional<IntentSnapshot>> findAuthorization(String r, int a) { return null; }
    @Override public ProviderResult<Optional<RefundSnapshot>> findRefund(String r, String pi, int s) { return null; }
    @Override public ProviderResult<List<RefundSnapshot>> listRefunds(String r, String pi) { return null; }
    @Override public ProviderResult<List<StripeWebhookService.WebhookEvent>> recentEvents(Instant since, List<String> types) { return null; }
    @Override public ProviderResult<List<DisputeSnapshot>> listDisputes(String r, String pi) { return null; }
  }
}
