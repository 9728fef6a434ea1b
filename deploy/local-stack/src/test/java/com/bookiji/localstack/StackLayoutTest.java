package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the stack's layout on disk")
class StackLayoutTest {

  @TempDir
  Path repo;

  @Test
  @DisplayName("remembers the port offset of the first up for later commands on the same state directory")
  void remembersPortOffset() throws Exception {
    Path state = repo.resolve("state");
    StackLayout.resolve(repo, state, 1000).remember();

    StackLayout later = StackLayout.resolve(repo, state, null);

    assertThat(later.portOffset()).isEqualTo(1000);
    assertThat(later.port(8080)).isEqualTo(9080);
    assertThat(later.url(8080)).isEqualTo("http://127.0.0.1:9080");
  }

  @Test
  @DisplayName("remembers --replicas with the port offset, so status and down find every instance; one instance by default")
  void remembersReplicas() throws Exception {
    Path state = repo.resolve("state");
    assertThat(StackLayout.resolve(repo, state, null).replicas()).isEqualTo(1);
    StackLayout.resolve(repo, state, 1000, 2).remember();

    StackLayout later = StackLayout.resolve(repo, state, null);

    assertThat(later.replicas()).isEqualTo(2);
    assertThat(later.portOffset()).isEqualTo(1000);
    Stack stack = new Stack(later.replicas());
    assertThat(stack.services()).extracting(Component::name).contains("reservation-service-2", "availability-service-2",
        "payment-service-2").doesNotContain("reconciler-2");
    assertThat(stack.services()).filteredOn(c -> c.name().equals("reservation-service-2"))
        .extracting(Component::defaultPort).containsExactly(8180);
    assertThat(stack.defaultPorts()).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("uses the default ports for a new state directory")
  void defaultPorts() {
    assertThat(StackLayout.resolve(repo, repo.resolve("fresh"), null).port(9092)).isEqualTo(9092);
  }

  @Test
  @DisplayName("generates each secret once and keeps it, so services restart with the same keys")
  void secretsAreStable() throws Exception {
    StackLayout layout = StackLayout.resolve(repo, repo.resolve("state"), null);

    String jwt = layout.jwtSecret();
    String webhook = layout.webhookSecret();

    assertThat(jwt).hasSizeGreaterThanOrEqualTo(32).isEqualTo(StackLayout.resolve(repo, repo.resolve("state"), null).jwtSecret());
    assertThat(webhook).startsWith("whsec_").isEqualTo(layout.webhookSecret()).isNotEqualTo(jwt);
  }
}
