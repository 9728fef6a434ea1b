package com.bookiji.localstack;

import java.util.List;
import java.util.Optional;

/** One process of the stack: how to start it, how to tell it is ready, what to print about it. */
interface Component {

  String name();

  /** The default loopback port (before the stack's port offset). */
  int defaultPort();

  /** Every default port the component listens on. */
  default List<Integer> defaultPorts() {
    return List.of(defaultPort());
  }

  /** True when a browser may open this component's ports (HTTP), so they must not be "bad ports". */
  default boolean browserFacing() {
    return false;
  }

  /** What a user opens in a browser on this component's port, for messages. */
  default String browserUse() {
    return name() + "'s HTTP endpoints";
  }

  /** Why this component cannot start (e.g. its jar has not been built), or empty. */
  default Optional<String> missing(StackLayout layout) {
    return Optional.empty();
  }

  /** One-time preparation before the first start (format storage, create directories). */
  default void prepare(StackContext ctx) throws Exception {}

  List<String> command(StackContext ctx) throws Exception;

  /** A cheap probe: true once the component serves requests (readiness, not liveness). */
  boolean ready(StackContext ctx);

  /** Runs once the component is ready (create databases, topics). */
  default void afterReady(StackContext ctx) throws Exception {}

  /** Lines for the "where to look" table: label and address. */
  default List<String[]> endpoints(StackContext ctx) {
    return List.of();
  }
}
