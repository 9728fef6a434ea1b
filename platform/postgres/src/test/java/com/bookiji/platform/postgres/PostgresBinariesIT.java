package com.bookiji.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresBinariesIT {

  /** Under target/, world-readable: as root the library runs the server as another user. */
  private static Path emptyWorkingDirectory() throws Exception {
    return Files.createDirectories(Path.of("target", "binaries-it", UUID.randomUUID().toString()).toAbsolutePath());
  }

  @Test
  @DisplayName("on a machine where nothing was unpacked, the binaries are unpacked and the server starts from them")
  void freshMachine() throws Exception {
    Path workingDirectory = emptyWorkingDirectory();

    Path binaries = PostgresBinaries.prepare(workingDirectory);

    assertThat(binaries.getParent()).isEqualTo(workingDirectory);
    assertThat(binaries.resolve("bin/postgres")).isExecutable();
    assertThat(listNames(workingDirectory)).containsExactlyInAnyOrder(binaries.getFileName().toString(),
        binaries.getFileName() + ".lock");
    assertServerStartsFrom(workingDirectory);
  }

  @Test
  @DisplayName("a directory half-filled by an interrupted unpack (dangling symlink, no marker) is unpacked again, and leftovers are removed")
  void halfUnpackedDirectoryIsRedone() throws Exception {
    Path workingDirectory = emptyWorkingDirectory();
    Path reference = PostgresBinaries.prepare(emptyWorkingDirectory());
    String name = reference.getFileName().toString();
    // What the library's in-place unpack leaves when it dies half-way: some files, a symlink whose
    // target never came, no '.exists' marker. The library itself then fails on every later start.
    Path poisoned = Files.createDirectories(workingDirectory.resolve(name).resolve("lib"));
    Files.createSymbolicLink(poisoned.resolve("libicuuc.so"), Path.of("libicuuc.so.99"));
    Files.createDirectories(workingDirectory.resolve(name).resolve("bin"));
    Path deadPartial = Files.createDirectories(workingDirectory.resolve(name + ".partial-1-2/bin"));

    Path binaries = PostgresBinaries.prepare(workingDirectory);

    assertThat(binaries).isEqualTo(workingDirectory.resolve(name));
    assertThat(binaries.resolve("bin/postgres")).isExecutable();
    assertThat(binaries.resolve("lib/libicuuc.so")).exists(); // the link resolves now
    assertThat(deadPartial.getParent()).doesNotExist();
    assertThat(listNames(workingDirectory)).containsExactlyInAnyOrder(name, name + ".lock");
    assertServerStartsFrom(workingDirectory);
  }

  @Test
  @DisplayName("a second call finds the complete directory and unpacks nothing")
  void completeDirectoryIsKept() throws Exception {
    Path workingDirectory = emptyWorkingDirectory();
    Path binaries = PostgresBinaries.prepare(workingDirectory);
    Path probe = Files.createFile(binaries.resolve("share/probe-left-alone"));

    assertThat(PostgresBinaries.prepare(workingDirectory)).isEqualTo(binaries);
    assertThat(probe).exists();
  }

  private static void assertServerStartsFrom(Path workingDirectory) throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(workingDirectory.toFile()).start();
        Connection c = pg.getPostgresDatabase().getConnection();
        ResultSet rs = c.createStatement().executeQuery("select current_setting('server_version_num')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(170000);
    }
  }

  private static java.util.List<String> listNames(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
