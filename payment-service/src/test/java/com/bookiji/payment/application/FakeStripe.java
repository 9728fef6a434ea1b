package com.bookiji.payment.application;

import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A payment provider that behaves like Stripe where the use cases rely on it: an idempotency key
 * replays its first answer, intents move through manual capture, refunds add up, and a request can
 * be made to fail (refused, or applied with its response lost, or never received).
 */
final class FakeStripe implements PaymentProvider {

  enum Operation { CREATE, CAPTURE, CANCEL, REFUND }

  /** One request that reached Stripe (a replayed key is a call too, with the same key). */
  record Call(Operation operation, String idempotencyKey) {}

  private enum Fault { LOSE_RESPONSE, NOT_RECEIVED, REFUSE }

  private record Scripted(Fault fault, String code) {}

  final List<Call> calls = new ArrayList<>();
  private final Map<String, IntentSnapshot> intents = new LinkedHashMap<>();
  private final Map<String, String> reservationOfIntent = new HashMap<>();
  private final Map<String, Object> answerOfKey = new HashMap<>();
  private final Map<String, List<RefundSnapshot>> refundsOfIntent = new HashMap<>();
  private final Map<Operation, Deque<Scripted>> faults = new EnumMap<>(Operation.class);
  private int nextId = 1;

  // ---- what a test makes happen -----------------------------------------------------------

  /** The customer confirms the card: the intent now requires capture. */
  void customerConfirms(String intentId) {
    set(intentId, IntentStatus.REQUIRES_CAPTURE, 0, null, null);
  }

  /** The customer's card is declined: the intent waits for another payment method. */
  void cardDeclined(String intentId) {
    IntentSnapshot i = intents.get(intentId);
    intents.put(intentId, new IntentSnapshot(i.id(), IntentStatus.REQUIRES_PAYMENT_METHOD,
        i.amountMinor(), 0, i.currency(), i.clientSecret(), null, "card_declined",
        "generic_decline", "Your card was declined.", null));
  }

  /** Someone refunds at the Dashboard: a refund without our refund number. */
  void refundedAtDashboard(String intentId, long amountMinor) {
    refundsOfIntent.computeIfAbsent(intentId, k -> new ArrayList<>()).add(0,
        new RefundSnapshot("re_dash_" + nextId++, intentId, amountMinor, "succeeded", 0));
  }

  /** The next request of this operation is applied at Stripe, but its response is lost. */
  void loseNextResponse(Operation operation) {
    script(operation, new Scripted(Fault.LOSE_RESPONSE, null));
  }

  /** The next request of this operation never reaches Stripe (retries exhausted). */
  void neverReceiveNext(Operation operation) {
    script(operation, new Scripted(Fault.NOT_RECEIVED, null));
  }

  /** Stripe refuses the next request of this operation with this error code. */
  void refuseNext(Operation operation, String code) {
    script(operation, new Scripted(Fault.REFUSE, code));
  }

  IntentSnapshot intent(String intentId) {
    return intents.get(intentId);
  }

  long callsOf(Operation operation) {
    return calls.stream().filter(c -> c.operation() == operation).count();
  }

  // ---- the port ---------------------------------------------------------------------------

  @Override
  public ProviderResult<IntentSnapshot> createAuthorization(String reservationId, int attempt,
      long amountMinor, String currency, String idempotencyKey) {
    return call(Operation.CREATE, idempotencyKey, () -> {
      String id = "pi_" + nextId++;
      reservationOfIntent.put(id, reservationId + "/" + attempt);
      intents.put(id, new IntentSnapshot(id, IntentStatus.REQUIRES_PAYMENT_METHOD, amountMinor, 0,
          currency, id + "_secret", null, null, null, null, null));
      return intents.get(id);
    });
  }

  @Override
  public ProviderResult<IntentSnapshot> capture(String reservationId, String paymentIntentId,
      long amountMinor, String idempotencyKey) {
    return call(Operation.CAPTURE, idempotencyKey, () -> {
      if (intents.get(paymentIntentId).status() != IntentStatus.REQUIRES_CAPTURE) {
        throw new Refusal("payment_intent_unexpected_state");
      }
      return set(paymentIntentId, IntentStatus.SUCCEEDED, amountMinor, null, "ch_" + nextId++);
    });
  }

  @Override
  public ProviderResult<IntentSnapshot> voidAuthorization(String reservationId, String paymentIntentId,
      String idempotencyKey) {
    return call(Operation.CANCEL, idempotencyKey, () -> {
      IntentStatus status = intents.get(paymentIntentId).status();
      if (status == IntentStatus.SUCCEEDED || status == IntentStatus.CANCELED) {
        throw new Refusal("payment_intent_unexpected_state");
      }
      return set(paymentIntentId, IntentStatus.CANCELED, 0, "requested_by_customer", null);
    });
  }

  @Override
  public ProviderResult<RefundSnapshot> refund(String reservationId, String paymentIntentId,
      long amountMinor, int sequence, String idempotencyKey) {
    return call(Operation.REFUND, idempotencyKey, () -> {
      long refunded = refunds(paymentIntentId).stream().mapToLong(RefundSnapshot::amountMinor)
          .sum();
      if (refunded + amountMinor > intents.get(paymentIntentId).amountReceivedMinor()) {
        throw new Refusal(refunded > 0 ? "charge_already_refunded" : "amount_too_large");
      }
      RefundSnapshot refund = new RefundSnapshot("re_" + nextId++, paymentIntentId, amountMinor,
          "succeeded", sequence);
      refundsOfIntent.computeIfAbsent(paymentIntentId, k -> new ArrayList<>()).add(0, refund);
      return refund;
    });
  }

  @Override
  public ProviderResult<IntentSnapshot> retrieve(String reservationId, String paymentIntentId) {
    return new ProviderResult.Succeeded<>(intents.get(paymentIntentId));
  }

  @Override
  public ProviderResult<Optional<IntentSnapshot>> findAuthorization(String reservationId,
      int attempt) {
    return new ProviderResult.Succeeded<>(reservationOfIntent.entrySet().stream()
        .filter(e -> e.getValue().equals(reservationId + "/" + attempt))
        .map(e -> intents.get(e.getKey())).findFirst());
  }

  @Override
  public ProviderResult<Optional<RefundSnapshot>> findRefund(String reservationId,
      String paymentIntentId, int sequence) {
    return new ProviderResult.Succeeded<>(refunds(paymentIntentId).stream()
        .filter(r -> r.sequence() == sequence).findFirst());
  }

  @Override
  public ProviderResult<List<RefundSnapshot>> listRefunds(String reservationId,
      String paymentIntentId) {
    return new ProviderResult.Succeeded<>(List.copyOf(refunds(paymentIntentId)));
  }

  @Override
  public ProviderResult<List<StripeWebhookService.WebhookEvent>> recentEvents(Instant since,
      List<String> types) {
    return new ProviderResult.Succeeded<>(List.of());
  }

  @Override
  public ProviderResult<List<DisputeSnapshot>> listDisputes(String reservationId,
      String paymentIntentId) {
    return new ProviderResult.Succeeded<>(List.of());
  }

  // ---- how Stripe answers -------------------------------------------------------------------

  private static final class Refusal extends RuntimeException {
    Refusal(String code) {
      super(code);
    }
  }

  private interface Request<T> {
    T apply();
  }

  @SuppressWarnings("unchecked")
  private <T> ProviderResult<T> call(Operation operation, String key, Request<T> request) {
    Scripted fault = faults.getOrDefault(operation, new ArrayDeque<>()).poll();
    if (fault != null && fault.fault() == Fault.NOT_RECEIVED) {
      return new ProviderResult.Unknown<>("connection reset");
    }
    calls.add(new Call(operation, key));
    if (fault != null && fault.fault() == Fault.REFUSE) {
      return new ProviderResult.Refused<>(FailureReason.INVALID_REQUEST, fault.code(),
          fault.code());
    }
    Object answer = answerOfKey.get(key);
    if (answer == null) {
      try {
        answer = request.apply();
      } catch (Refusal refusal) {
        answer = refusal;
      }
      answerOfKey.put(key, answer);
    }
    if (fault != null && fault.fault() == Fault.LOSE_RESPONSE) {
      return new ProviderResult.Unknown<>("read timed out");
    }
    return answer instanceof Refusal r
        ? new ProviderResult.Refused<>(FailureReason.INVALID_REQUEST, r.getMessage(), r.getMessage())
        : new ProviderResult.Succeeded<>((T) answer);
  }

  private List<RefundSnapshot> refunds(String intentId) {
    return refundsOfIntent.getOrDefault(intentId, List.of());
  }

  private void script(Operation operation, Scripted scripted) {
    faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(scripted);
  }

  private IntentSnapshot set(String intentId, IntentStatus status, long received,
      String cancellationReason, String chargeId) {
    IntentSnapshot i = intents.get(intentId);
    IntentSnapshot next = new IntentSnapshot(i.id(), status, i.amountMinor(), received,
        i.currency(), i.clientSecret(), cancellationReason, null, null, null,
        chargeId != null ? chargeId : i.latestChargeId());
    intents.put(intentId, next);
    return next;
  }
}
