package com.bookiji.reservation.domain;

public enum VendorDecision {
  PENDING,
  CONFIRMED,
  DECLINED
}
