package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The simulator's stored objects: plain mutable holders, guarded by {@link Store}'s lock and journaled as JSON. */
public final class Records {

  private Records() {}

  /**
   * What every listed object has: Stripe's id, its creation sequence (newest = highest), which lists
   * order by, and its creation time (epoch seconds, the {@code created} filter).
   */
  public abstract static class Listed {
    public String id;
    public long seq;
    public long created;
  }

  public static final class PaymentIntent extends Listed {
    public long amount;
    public String currency;
    public String captureMethod;
    public String status;
    public String paymentMethod;
    public Map<String, String> metadata = new LinkedHashMap<>();
    public String description;
    public String customer;
    public String receiptEmail;
    public String clientSecret;
    public long amountCapturable;
    public long amountReceived;
    public String latestCharge;
    public Long canceledAt;
    public String cancellationReason;
    public JsonObject lastPaymentError;
    public JsonObject nextAction;
    /** Epoch millis when the card was authorized (manual capture); drives automatic expiry. */
    public Long authorizedAtMillis;
  }

  public static final class Charge extends Listed {
    public long amount;
    public long amountCaptured;
    public long amountRefunded;
    public boolean captured;
    public boolean refunded;
    public String currency;
    public String status;
    public String paymentIntent;
    public String paymentMethod;
    public Map<String, String> metadata = new LinkedHashMap<>();
    public String failureCode;
    public String failureMessage;
    public String declineCode;
    public boolean disputed;
  }

  /** Money taken back from a captured charge: by the merchant (a refund) or the cardholder's bank (a dispute). */
  public abstract static class Reversal extends Listed {
    public long amount;
    public String currency;
    public String charge;
    public String paymentIntent;
    public String reason;
    public String status;
    public Map<String, String> metadata = new LinkedHashMap<>();
  }

  public static final class Dispute extends Reversal {
    // status: needs_response → under_review → won / lost (Stripe's card dispute statuses).
    public String evidenceText;
    public int submissionCount;
  }

  public static final class Refund extends Reversal {}

  public static final class Event extends Listed {
    public String type;
    public JsonObject dataObject;
    public JsonObject previousAttributes;
    public String requestId;
    public String idempotencyKey;
    /** Webhook endpoints that have not yet acknowledged (or finally failed) this event. */
    public Set<String> pendingEndpoints = new LinkedHashSet<>();
  }

  public static final class WebhookEndpoint extends Listed {
    public String url;
    public String secret;
    public String description;
    /** Event types delivered ({@code "*"} = all); null (a journal of an older version) = all. */
    public java.util.List<String> enabledEvents;
    public Map<String, String> metadata = new LinkedHashMap<>();
    /** {@code enabled} or {@code disabled}; null (older journal) = enabled. */
    public String status;

    public boolean receives(String eventType) {
      if ("disabled".equals(status)) {
        return false;
      }
      return enabledEvents == null || enabledEvents.stream().anyMatch(p -> Events.typeMatches(p, eventType));
    }
  }

  /** A saved idempotent result, keyed by API key + Idempotency-Key. */
  public static final class IdempotentResult {
    public String scopeKey;
    public String fingerprint;
    public String method;
    public String path;
    public int status;
    public String body;
    public String requestId;
    public long createdMillis;
  }
}
