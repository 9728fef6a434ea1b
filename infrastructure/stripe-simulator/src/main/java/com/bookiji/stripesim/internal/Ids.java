package com.bookiji.stripesim.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Stripe-looking identifiers: a type prefix and random base62 characters. */
public final class Ids {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Ids() {}

  public static String next(String prefix) {
    return prefix + random(24);
  }

  public static String random(int length) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
