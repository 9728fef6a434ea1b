package com.bookiji.platform.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A tiny service that uses platform-web the way real services do. */
@SpringBootApplication
public class WebTestApplication {

  record Thing(@NotBlank String name, @Positive long amount) {}

  @RestController
  static class TestController {

    @GetMapping("/test/search")
    String search(@org.springframework.web.bind.annotation.RequestParam(required = false) String cursor) {
      return "cursor " + cursor;
    }

    @GetMapping("/test/me")
    Map<String, String> me(Actor actor) {
      return Map.of("id", actor.id(), "role", actor.role().name());
    }

    @PostMapping("/test/things")
    Thing create(@Valid @RequestBody Thing thing) {
      return thing;
    }

    @GetMapping("/test/header")
    String header(@RequestHeader("Idempotency-Key") String key) {
      return key;
    }

    @GetMapping("/test/conflict")
    String conflict() {
      throw ApiProblem.conflict("SLOT_OVERLAP", "the slot overlaps another slot")
          .with("conflictingSlotId", "slot-7");
    }

    @GetMapping("/test/vendor-only")
    @PreAuthorize("hasRole('VENDOR')")
    String vendorOnly() {
      return "ok";
    }

    @GetMapping("/test/requester-only")
    String requesterOnly() {
      Actor.current().requireRole(Role.REQUESTER);
      return "ok";
    }

    @GetMapping("/test/boom")
    String boom() {
      throw new IllegalStateException("secret internals");
    }

    @GetMapping("/test/async")
    java.util.concurrent.Callable<String> async(Actor actor) {
      return () -> "async " + actor.id();
    }

    @GetMapping("/test/teapot")
    String teapot() {
      throw new ApiProblem(HttpStatus.I_AM_A_TEAPOT, "TEAPOT", "short and stout");
    }
  }
}
