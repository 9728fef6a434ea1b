package com.bookiji.availability.web;

import com.bookiji.availability.application.SlotService;
import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import com.bookiji.platform.web.ProblemResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Vendor availability. Reading is open to every authenticated caller (requesters browse slots);
 * changing needs role VENDOR and the caller must be the vendor in the path.
 */
@RestController
@RequestMapping(path = "/vendors/{vendorId}/slots", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "slots", description = "A vendor's time slots and their state")
public class SlotController {

  private final SlotService slots;

  public SlotController(SlotService slots) {
    this.slots = slots;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @SlotCreationProblems
  @Operation(summary = "Create one slot (409 SLOT_OVERLAP if it overlaps another)")
  public ResponseEntity<SlotResponse> create(Actor actor, @PathVariable String vendorId,
      @Valid @RequestBody SlotRequest request) {
    requireVendor(actor, vendorId);
    SlotResponse created = SlotResponse.of(
        slots.create(vendorId, List.of(request.toSpec())).get(0));
    return ResponseEntity.created(URI.create("/vendors/" + vendorId + "/slots/" + created.id()))
        .body(created);
  }

  @PostMapping("/batch")
  @ResponseStatus(HttpStatus.CREATED)
  @SlotCreationProblems
  @Operation(summary = "Create many slots at once; all or nothing")
  public ResponseEntity<List<SlotResponse>> createMany(Actor actor, @PathVariable String vendorId,
      @Valid @RequestBody SlotBatchRequest request) {
    requireVendor(actor, vendorId);
    List<SlotResponse> created = slots.create(vendorId,
        request.slots().stream().map(SlotRequest::toSpec).toList())
        .stream().map(SlotResponse::of).toList();
    return ResponseEntity.status(201).body(created);
  }

  @GetMapping
  @ProblemResponse(status = 400, codes = {"MISSING_PARAMETER", "INVALID_PARAMETER"})
  @ProblemResponse(status = 422, codes = "INVALID_RANGE")
  @Operation(summary = "A vendor's slots overlapping [from, to), with state FREE/HELD/BOOKED/BLOCKED")
  public List<SlotResponse> list(@PathVariable String vendorId, @RequestParam Instant from,
      @RequestParam Instant to) {
    return slots.list(vendorId, from, to).stream().map(SlotResponse::of).toList();
  }

  @GetMapping("/{slotId}")
  @Operation(summary = "One slot")
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 404, codes = "SLOT_NOT_FOUND")
  public SlotResponse get(@PathVariable String vendorId, @PathVariable UUID slotId) {
    return SlotResponse.of(slots.get(vendorId, slotId));
  }

  @PutMapping("/{slotId}")
  @ProblemResponse(status = 400, codes = {"VALIDATION_FAILED", "MALFORMED_REQUEST", "INVALID_PARAMETER"})
  @ProblemResponse(status = 403, codes = {"FORBIDDEN", "NOT_SLOT_OWNER"})
  @ProblemResponse(status = 404, codes = "SLOT_NOT_FOUND")
  @ProblemResponse(status = 409, codes = {"SLOT_NOT_FREE", "SLOT_OVERLAP"})
  @ProblemResponse(status = 415, codes = "UNSUPPORTED_MEDIA_TYPE")
  @ProblemResponse(status = 422, codes = {"INVALID_SLOT_TIMES", "SLOT_IN_PAST", "INVALID_TIME_ZONE", "INVALID_CURRENCY", "INVALID_PRICE", "FREE_SLOT_NOT_SUPPORTED"})
  @Operation(summary = "Change a slot nobody holds or booked (409 SLOT_NOT_FREE otherwise)")
  public SlotResponse change(Actor actor, @PathVariable String vendorId,
      @PathVariable UUID slotId, @Valid @RequestBody SlotRequest request) {
    requireVendor(actor, vendorId);
    return SlotResponse.of(slots.change(actor.id(), vendorId, slotId, request.toSpec()));
  }

  @DeleteMapping("/{slotId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 403, codes = {"FORBIDDEN", "NOT_SLOT_OWNER"})
  @ProblemResponse(status = 404, codes = "SLOT_NOT_FOUND")
  @ProblemResponse(status = 409, codes = "SLOT_NOT_FREE")
  @Operation(summary = "Delete a slot nobody holds or booked")
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String vendorId,
      @PathVariable UUID slotId) {
    requireVendor(actor, vendorId);
    slots.delete(actor.id(), vendorId, slotId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{slotId}/block")
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 403, codes = {"FORBIDDEN", "NOT_SLOT_OWNER"})
  @ProblemResponse(status = 404, codes = "SLOT_NOT_FOUND")
  @ProblemResponse(status = 409, codes = "SLOT_BOOKED")
  @Operation(summary = "Block a slot: no new holds; a held slot's commit is refused")
  public SlotResponse block(Actor actor, @PathVariable String vendorId,
      @PathVariable UUID slotId) {
    requireVendor(actor, vendorId);
    return SlotResponse.of(slots.block(actor.id(), vendorId, slotId));
  }

  @PostMapping("/{slotId}/unblock")
  @Operation(summary = "Unblock a slot")
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 403, codes = {"FORBIDDEN", "NOT_SLOT_OWNER"})
  @ProblemResponse(status = 404, codes = "SLOT_NOT_FOUND")
  public SlotResponse unblock(Actor actor, @PathVariable String vendorId,
      @PathVariable UUID slotId) {
    requireVendor(actor, vendorId);
    return SlotResponse.of(slots.unblock(actor.id(), vendorId, slotId));
  }

  private static void requireVendor(Actor actor, String vendorId) {
    actor.requireRole(Role.VENDOR);
    if (!actor.id().equals(vendorId)) {
      throw com.bookiji.platform.web.ApiProblem.forbidden("NOT_SLOT_OWNER",
          "a vendor can only manage its own slots");
    }
  }
}
