package com.bookiji.platform.client;

/** What the slot's vendor answers a reservation. */
public enum VendorDecision { CONFIRM, DECLINE }
