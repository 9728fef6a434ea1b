package com.bookiji.platform.archrules.sample.application;

/** Reads the table directly instead of through a port of its own: the leak the rule names. */
public class PriceService {
  com.bookiji.platform.archrules.sample.persistence.PriceTable table;
}
