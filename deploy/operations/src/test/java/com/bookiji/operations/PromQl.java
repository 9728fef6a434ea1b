package com.bookiji.operations;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression selects (enough PromQL for our rules and dashboards). */
final class PromQl {

  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPINGS = Pattern.compile(
      "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{?[A-Za-z_]+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*(\\s*\\()?");

  private PromQl() {
  }

  static Set<String> metricNames(String expression) {
    String e = STRINGS.matcher(expression).replaceAll(" ");
    e = MATCHERS.matcher(e).replaceAll(" ");
    e = RANGES.matcher(e).replaceAll(" ");
    e = GROUPINGS.matcher(e).replaceAll(" ");
    e = GRAFANA_VARIABLES.matcher(e).replaceAll(" 1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(e);
    while (m.find()) {
      String token = m.group();
      boolean function = m.group(1) != null;
      int start = m.start();
      boolean partOfNumber = start > 0 && (Character.isDigit(e.charAt(start - 1)) || e.charAt(start - 1) == '.');
      if (!function && !partOfNumber && !KEYWORDS.contains(token.toLowerCase())) {
        names.add(token);
      }
    }
    return names;
  }
}
