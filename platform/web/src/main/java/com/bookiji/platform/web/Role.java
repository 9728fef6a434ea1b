package com.bookiji.platform.web;

/** What an authenticated caller may act as; carried in the token's {@code role} claim. */
public enum Role {
  REQUESTER,
  VENDOR,
  /** On-call engineers: operational endpoints only. */
  OPS;

  /** The Spring Security authority for this role, e.g. {@code ROLE_VENDOR}. */
  public String authority() {
    return "ROLE_" + name();
  }
}
