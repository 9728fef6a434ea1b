package com.bookiji.registry;

import org.apache.avro.Schema;

/** Small schemas for registry tests. */
final class RegistryFixture {
  private RegistryFixture() {}

  static final Schema PAID_V1 = schema("""
      {"type":"record","name":"Paid","namespace":"t","fields":[
        {"name":"reservationId","type":"string"},
        {"name":"amountMinor","type":"long"}]}""");

  /** Adds a field with a default: BACKWARD compatible with v1. */
  static final Schema PAID_V2 = schema("""
      {"type":"record","name":"Paid","namespace":"t","fields":[
        {"name":"reservationId","type":"string"},
        {"name":"amountMinor","type":"long"},
        {"name":"currency","type":"string","default":"EUR"}]}""");

  /** Adds a field without a default: not BACKWARD compatible with v1 or v2. */
  static final Schema PAID_INCOMPATIBLE = schema("""
      {"type":"record","name":"Paid","namespace":"t","fields":[
        {"name":"reservationId","type":"string"},
        {"name":"amountMinor","type":"long"},
        {"name":"currency","type":"string","default":"EUR"},
        {"name":"chargeId","type":"string"}]}""");

  static final Schema REFUNDED = schema("""
      {"type":"record","name":"Refunded","namespace":"t","fields":[
        {"name":"reservationId","type":"string"}]}""");

  static Schema schema(String json) {
    return new Schema.Parser().parse(json);
  }
}
