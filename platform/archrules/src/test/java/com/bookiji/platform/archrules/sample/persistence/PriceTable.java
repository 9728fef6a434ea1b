package com.bookiji.platform.archrules.sample.persistence;

public class PriceTable {
}
