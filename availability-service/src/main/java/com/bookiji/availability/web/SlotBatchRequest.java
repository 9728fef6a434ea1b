package com.bookiji.availability.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

public record SlotBatchRequest(@NotEmpty @Size(max = 500) List<@Valid SlotRequest> slots) {}
