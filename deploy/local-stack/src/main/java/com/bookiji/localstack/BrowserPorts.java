package com.bookiji.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ports browsers refuse to open: the Fetch standard's "bad ports"
 * (https://fetch.spec.whatwg.org/#port-blocking). A stack whose public API, OpenAPI UI or simulator
 * landed on one would look dead in a browser (Chrome says ERR_UNSAFE_PORT, Firefox "This address is
 * restricted") while curl works, so the launcher refuses such a port offset up front.
 */
final class BrowserPorts {

  static final String STANDARD = "https://fetch.spec.whatwg.org/#port-blocking";

  static final Set<Integer> BAD = Set.of(
      1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
      103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
      512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
      995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
      6669, 6679, 6697, 10080);

  private BrowserPorts() {}

  static boolean bad(int port) {
    return BAD.contains(port);
  }

  /**
   * Why {@code offset} cannot be used, or empty: a port outside 1–65535, or a browser-facing port
   * (every HTTP port of the stack) on a bad port. The reason names the component, the port and the
   * nearest offsets above and below that are fine.
   */
  static Optional<String> refusal(int offset, Stack stack) {
    List<String> problems = new ArrayList<>();
    for (Component c : stack.all()) {
      for (int port : c.defaultPorts()) {
        int actual = port + offset;
        if (actual < 1 || actual > 65535) {
          problems.add(c.name() + " would listen on " + actual + ", which is not a TCP port (1-65535)");
        } else if (c.browserFacing() && bad(actual)) {
          problems.add(c.name() + " would listen on " + actual + ", a port browsers refuse to open"
              + " (a \"bad port\" of the Fetch standard, " + STANDARD + "): " + c.browserUse()
              + " would fail in a browser with no hint (Chrome: ERR_UNSAFE_PORT)");
        }
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder("--port-offset " + offset + " cannot be used:\n  " + String.join("\n  ", problems));
    List<String> alternatives = new ArrayList<>();
    nearestUsable(offset, -1, stack).ifPresent(o -> alternatives.add(Integer.toString(o)));
    nearestUsable(offset, +1, stack).ifPresent(o -> alternatives.add(Integer.toString(o)));
    if (!alternatives.isEmpty()) {
      sb.append("\nThe nearest offsets that work: ").append(String.join(" or ", alternatives)).append('.');
    }
    return Optional.of(sb.toString());
  }

  private static Optional<Integer> nearestUsable(int offset, int direction, Stack stack) {
    for (int o = offset + direction; Math.abs(o - offset) <= 1000; o += direction) {
      int candidate = o;
      boolean inRange = stack.all().stream().flatMap(c -> c.defaultPorts().stream())
          .allMatch(p -> p + candidate >= 1 && p + candidate <= 65535);
      if (inRange && refusalFree(candidate, stack)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean refusalFree(int offset, Stack stack) {
    return stack.all().stream().filter(Component::browserFacing)
        .flatMap(c -> c.defaultPorts().stream()).noneMatch(p -> bad(p + offset));
  }
}
