package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("starting and stopping the stack's processes")
class ProcessControlTest {

  @TempDir
  Path repo;

  /** A process that runs until it is told to stop. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("sleeping");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  private List<String> sleeper() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "-cp", System.getProperty("java.class.path"), Sleeper.class.getName());
  }

  @Test
  @DisplayName("a started process is found through its pid file and stopped with SIGTERM")
  void startAndStop() throws Exception {
    StackLayout layout = StackLayout.resolve(repo, repo.resolve("state"), null);
    ProcessControl processes = new ProcessControl(layout);

    ProcessHandle started = processes.start("sleeper", sleeper());

    assertThat(processes.running("sleeper")).map(ProcessHandle::pid).contains(started.pid());
    assertThat(processes.stop("sleeper", Duration.ofSeconds(20))).isTrue();
    assertThat(started.isAlive()).isFalse();
    assertThat(processes.running("sleeper")).isEmpty();
    assertThat(Files.readString(layout.logFile("sleeper"))).contains("starting:");
  }

  @Test
  @DisplayName("a pid file naming some other process is not trusted (the pid may have been reused)")
  void stalePidFile() throws Exception {
    StackLayout layout = StackLayout.resolve(repo, repo.resolve("state"), null);
    Files.createDirectories(layout.pidFile("kafka").getParent());
    Files.writeString(layout.pidFile("kafka"), ProcessHandle.current().pid() + "\n");

    ProcessControl processes = new ProcessControl(layout);

    assertThat(processes.running("kafka")).isEmpty();
    assertThat(processes.stop("kafka", Duration.ofSeconds(1))).isFalse();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  @DisplayName("a process of this state directory whose pid file is gone is found by its marker, recorded again and stopped by down")
  void adoptsProcessWithoutPidFile() throws Exception {
    StackLayout layout = StackLayout.resolve(repo, repo.resolve("state"), null);
    ProcessControl processes = new ProcessControl(layout);
    ProcessHandle started = processes.start("sleeper", sleeper());
    Files.delete(layout.pidFile("sleeper")); // lost: deleted by hand, or written by an older launcher

    assertThat(processes.running("sleeper")).map(ProcessHandle::pid).contains(started.pid());
    assertThat(Files.readString(layout.pidFile("sleeper")).trim()).isEqualTo(Long.toString(started.pid()));
    assertThat(processes.running("sleep")).as("a component whose name is a prefix of another's").isEmpty();
    assertThat(processes.stop("sleeper", Duration.ofSeconds(20))).isTrue();
    assertThat(started.isAlive()).isFalse();
  }

  @Test
  @DisplayName("a process of another state directory is never adopted")
  void doesNotAdoptOtherStateDirectory() throws Exception {
    ProcessControl other = new ProcessControl(StackLayout.resolve(repo, repo.resolve("other"), null));
    ProcessHandle started = other.start("sleeper", sleeper());
    try {
      ProcessControl mine = new ProcessControl(StackLayout.resolve(repo, repo.resolve("state"), null));
      assertThat(mine.running("sleeper")).isEmpty();
    } finally {
      other.stop("sleeper", Duration.ofSeconds(20));
    }
    assertThat(started.isAlive()).isFalse();
  }
}
