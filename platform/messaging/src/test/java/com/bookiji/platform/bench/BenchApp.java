package com.bookiji.platform.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A service with only the platform in it: outbox + relay, no consumers. */
@SpringBootApplication
public class BenchApp {}
