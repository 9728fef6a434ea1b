package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;

/**
 * A Stripe error response: HTTP status plus the {@code error} object. {@code storedForIdempotency}
 * says whether Stripe would save it as the idempotent result (it does not for requests that fail
 * validation before the endpoint starts executing).
 */
public final class ApiError extends RuntimeException {

  public final int status;
  public final String type;
  public final String code;
  public final String declineCode;
  public final String param;
  public final boolean storedForIdempotency;
  public final JsonObject paymentIntent;
  public final String charge;

  public ApiError(
      int status,
      String type,
      String code,
      String declineCode,
      String message,
      String param,
      boolean storedForIdempotency,
      JsonObject paymentIntent,
      String charge) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.declineCode = declineCode;
    this.param = param;
    this.storedForIdempotency = storedForIdempotency;
    this.paymentIntent = paymentIntent;
    this.charge = charge;
  }

  /** 400 for a parameter that fails validation; never saved as an idempotent result. */
  public static ApiError invalid(String message, String param, String code) {
    return new ApiError(400, "invalid_request_error", code, null, message, param, false, null, null);
  }

  public static ApiError missing(String param) {
    return invalid("Missing required param: " + param + ".", param, "parameter_missing");
  }

  public static ApiError notFound(String message, String param) {
    return new ApiError(404, "invalid_request_error", "resource_missing", null, message, param, false, null, null);
  }

  /** 400 for an operation the object's state does not allow; saved like any executed request. */
  public static ApiError unexpectedState(String message, JsonObject paymentIntent) {
    return new ApiError(
        400, "invalid_request_error", "payment_intent_unexpected_state", null, message, null, true, paymentIntent, null);
  }

  public static ApiError stateError(String code, String message, String param) {
    return new ApiError(400, "invalid_request_error", code, null, message, param, true, null, null);
  }

  public static ApiError auth(String message) {
    return new ApiError(401, "invalid_request_error", null, null, message, null, false, null, null);
  }

  public JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("type", type);
    if (code != null) {
      error.addProperty("code", code);
    }
    if (declineCode != null) {
      error.addProperty("decline_code", declineCode);
    }
    error.addProperty("message", getMessage());
    if (param != null) {
      error.addProperty("param", param);
    }
    if (charge != null) {
      error.addProperty("charge", charge);
    }
    if (paymentIntent != null) {
      error.add("payment_intent", paymentIntent);
    }
    if (code != null) {
      error.addProperty("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }
}
