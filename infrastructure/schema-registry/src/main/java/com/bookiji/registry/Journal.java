package com.bookiji.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The registry's only storage: an append-only file of JSON lines, one per change, forced to disk
 * before the change is applied or acknowledged, and replayed in order on start. A torn last line
 * (crash mid-write) was never acknowledged, so it is cut off on start; any other unreadable line
 * stops the start rather than silently losing schemas. A lock file keeps two servers off one dir.
 */
final class Journal implements AutoCloseable {
  static final String FILE_NAME = "journal.jsonl";
  private static final System.Logger LOG = System.getLogger(Journal.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel channel;

  private Journal(Path file, FileChannel lockChannel, FileLock lock, FileChannel channel) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.channel = channel;
  }

  /** Opens (creating if needed) the journal in {@code dataDir} and replays every entry into {@code apply}. */
  static Journal open(Path dataDir, Consumer<JsonNode> apply) {
    try {
      Files.createDirectories(dataDir);
      FileChannel lockChannel = FileChannel.open(dataDir.resolve("registry.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException("schema registry data dir " + dataDir
            + " is in use by another running registry");
      }
      Path file = dataDir.resolve(FILE_NAME);
      try {
        replay(file, apply);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new Journal(file, lockChannel, lock, channel);
      } catch (RuntimeException | IOException e) {
        lock.release();
        lockChannel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open schema registry journal in " + dataDir, e);
    }
  }

  private static void replay(Path file, Consumer<JsonNode> apply) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    int lastNewline = -1;
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    if (lastNewline < bytes.length - 1) {
      LOG.log(Level.WARNING, "cutting off a torn last journal entry ({0} bytes) in {1}",
          bytes.length - 1 - lastNewline, file);
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        c.truncate(lastNewline + 1L);
        c.force(true);
      }
    }
    String text = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8);
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException("schema registry journal " + file + " line " + lineNumber
            + " is corrupt: " + e.getMessage(), e);
      }
      apply.accept(entry);
    }
  }

  /** Appends one entry and forces it to disk; only then may the change be applied. */
  synchronized void append(ObjectNode entry) {
    byte[] line = (entry.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write schema registry journal " + file, e);
    }
  }

  static ObjectNode entry(String op) {
    ObjectNode node = JSON.createObjectNode();
    node.put("op", op);
    return node;
  }

  Path file() { return file; }

  @Override
  public synchronized void close() {
    try {
      channel.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing schema registry journal " + file, e);
    }
  }
}
