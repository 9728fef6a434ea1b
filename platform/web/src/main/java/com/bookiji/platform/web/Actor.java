package com.bookiji.platform.web;

import java.util.Arrays;
import java.util.Objects;

/**
 * The authenticated caller: the token's subject and its role. Declare a controller parameter of
 * this type (it is resolved from the bearer token) or call {@link #current()}.
 */
public record Actor(String id, Role role) {

  public Actor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    if (id.isBlank()) {
      throw new IllegalArgumentException("actor id must not be blank");
    }
  }

  /** The caller of the current request; 401 problem when the request is not authenticated. */
  public static Actor current() {
    return CurrentActor.require();
  }

  public boolean is(Role expected) {
    return role == expected;
  }

  /** This actor when it has one of {@code allowed}; otherwise a 403 {@code FORBIDDEN} problem. */
  public Actor requireRole(Role... allowed) {
    if (Arrays.asList(allowed).contains(role)) {
      return this;
    }
    throw ApiProblem.forbidden("FORBIDDEN",
        "this operation needs role " + Arrays.toString(allowed) + ", the caller is " + role);
  }
}
