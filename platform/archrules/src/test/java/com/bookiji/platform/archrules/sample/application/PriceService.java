package com.bookiji.platform.archrules.sample.application;

/** Reads the table directly: the known leak an exception names. */
public class PriceService {
  com.bookiji.platform.archrules.sample.persistence.PriceTable table;
}
