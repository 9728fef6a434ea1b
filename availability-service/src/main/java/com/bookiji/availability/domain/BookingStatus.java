package com.bookiji.availability.domain;

public enum BookingStatus {
  ACTIVE,
  CANCELLED
}
