package com.bookiji.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it has not been told to trust
 * (system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}, read once when Avro's validator
 * class initialises). Setting the property from code is too late when Avro was touched first, so
 * instead we add our generated package to Avro's global validator, keeping whatever it trusted.
 */
public final class AvroClassTrust {
  public static final String TRUSTED_PACKAGE = "com.bookiji.schemas.";

  private static volatile boolean installed;

  private AvroClassTrust() {}

  /** Idempotent; safe to call from any thread. */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroClassTrust.class) {
      if (!installed) {
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityPredicate ours = type -> type.getName().startsWith(TRUSTED_PACKAGE);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ours, previous));
        installed = true;
      }
    }
  }
}
