package com.bookiji.stripesim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's search query language for PaymentIntents, the subset that matters here: clauses
 * {@code metadata['key']:'value'}, {@code status:'requires_capture'}, {@code currency:'eur'},
 * {@code customer:'cus_1'}, {@code amount>1000} and {@code created>=1700000000} (operators
 * {@code : > < >= <=}), a leading {@code -} negates, clauses joined by {@code AND} or by {@code OR}
 * (not both), at most 10 clauses.
 */
final class SearchQuery {

  private static final Pattern CLAUSE =
      Pattern.compile(
          "^(-)?(metadata\\[(?:'([^']*)'|\"([^\"]*)\")\\]|[a-z_]+)(:|>=|<=|>|<)(?:'([^']*)'|\"([^\"]*)\"|(-?\\d+))$");

  private SearchQuery() {}

  static Predicate<Records.PaymentIntent> parse(String query) {
    String q = query.trim();
    if (q.isEmpty()) {
      throw invalid(query, "the query is empty");
    }
    boolean hasAnd = q.contains(" AND ");
    boolean hasOr = q.contains(" OR ");
    if (hasAnd && hasOr) {
      throw invalid(query, "AND and OR cannot be combined");
    }
    String[] parts = q.split(hasOr ? " OR " : " AND ");
    if (parts.length > 10) {
      throw invalid(query, "at most 10 clauses are allowed");
    }
    List<Predicate<Records.PaymentIntent>> clauses = new ArrayList<>();
    for (String part : parts) {
      clauses.add(clause(query, part.trim()));
    }
    Predicate<Records.PaymentIntent> result = clauses.get(0);
    for (int i = 1; i < clauses.size(); i++) {
      result = hasOr ? result.or(clauses.get(i)) : result.and(clauses.get(i));
    }
    return result;
  }

  private static Predicate<Records.PaymentIntent> clause(String query, String text) {
    Matcher m = CLAUSE.matcher(text);
    if (!m.matches()) {
      throw invalid(query, "cannot parse '" + text + "'");
    }
    boolean negate = m.group(1) != null;
    String field = m.group(2);
    String metadataKey = m.group(3) != null ? m.group(3) : m.group(4);
    String op = m.group(5);
    String value = m.group(6) != null ? m.group(6) : m.group(7) != null ? m.group(7) : m.group(8);
    Predicate<Records.PaymentIntent> p;
    if (field.startsWith("metadata[")) {
      requireColon(query, op, field);
      p = pi -> value.equals(pi.metadata.get(metadataKey));
    } else {
      switch (field) {
        case "status" -> {
          requireColon(query, op, field);
          p = pi -> value.equals(pi.status);
        }
        case "currency" -> {
          requireColon(query, op, field);
          p = pi -> value.equalsIgnoreCase(pi.currency);
        }
        case "customer" -> {
          requireColon(query, op, field);
          p = pi -> value.equals(pi.customer);
        }
        case "amount", "created" -> {
          long bound;
          try {
            bound = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw invalid(query, field + " needs a number");
          }
          boolean amount = field.equals("amount");
          p = pi -> compare(amount ? pi.amount : pi.created, op, bound);
        }
        default -> throw invalid(query, "field '" + field + "' is not supported");
      }
    }
    return negate ? p.negate() : p;
  }

  private static boolean compare(long actual, String op, long bound) {
    return switch (op) {
      case ":" -> actual == bound;
      case ">" -> actual > bound;
      case "<" -> actual < bound;
      case ">=" -> actual >= bound;
      default -> actual <= bound;
    };
  }

  private static void requireColon(String query, String op, String field) {
    if (!op.equals(":")) {
      throw invalid(query, field + " only supports ':'");
    }
  }

  private static ApiError invalid(String query, String reason) {
    return ApiError.invalid("Invalid search query (" + query + "): " + reason, "query", "parameter_invalid_string");
  }
}
