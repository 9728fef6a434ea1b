package com.bookiji.availability.web;

import com.bookiji.platform.web.ProblemResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The problem answers of creating slots, one at a time or in a batch (the same rules apply). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ProblemResponse(status = 400, codes = {"VALIDATION_FAILED", "MALFORMED_REQUEST"})
@ProblemResponse(status = 403, codes = {"FORBIDDEN", "NOT_SLOT_OWNER"})
@ProblemResponse(status = 409, codes = "SLOT_OVERLAP")
@ProblemResponse(status = 415, codes = "UNSUPPORTED_MEDIA_TYPE")
@ProblemResponse(status = 422, codes = {"INVALID_SLOT_TIMES", "SLOT_IN_PAST", "INVALID_TIME_ZONE", "INVALID_CURRENCY", "INVALID_PRICE", "FREE_SLOT_NOT_SUPPORTED"})
@interface SlotCreationProblems {
}
