package com.bookiji.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.lifecycle.Crashable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.support.GenericApplicationContext;

@DisplayName("Killing a test app")
class TestAppsTest {

  /** Records what happened to it: a crash, a graceful close. */
  static final class Component implements DisposableBean {
    final List<String> events;
    final String name;

    Component(String name, List<String> events) {
      this.name = name;
      this.events = events;
    }

    @Override
    public void destroy() {
      events.add(name + " closed");
    }
  }

  static final class CrashableComponent implements Crashable, DisposableBean {
    final List<String> events;

    CrashableComponent(List<String> events) {
      this.events = events;
    }

    @Override
    public void crash() {
      events.add("relay crashed");
    }

    @Override
    public void destroy() {
      events.add("relay closed");
    }
  }

  @Test
  @DisplayName("crashes every Crashable bean before the context closes gracefully, and leaves other beans to the close")
  void crashesCrashableBeansBeforeClosing() {
    List<String> events = new CopyOnWriteArrayList<>();
    GenericApplicationContext context = new GenericApplicationContext();
    context.registerBean("relay", CrashableComponent.class, () -> new CrashableComponent(events));
    context.registerBean("consumer", Component.class, () -> new Component("consumer", events));
    context.refresh();

    var crashed = TestApps.kill(context);

    assertThat(crashed).containsOnlyKeys("relay");
    assertThat(events.indexOf("relay crashed")).isZero();
    assertThat(events).containsExactlyInAnyOrder("relay crashed", "relay closed", "consumer closed");
    assertThat(context.isActive()).isFalse();
  }
}
