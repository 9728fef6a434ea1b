package com.bookiji.stripesim.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stripe's form encoding: {@code a=1&metadata[k]=v&expand[]=x&expand[0]=y&created[gte]=5}, parsed
 * into a tree of {@code Map<String,Object>} whose leaves are strings and whose list-like maps
 * ({@code []} or numeric keys) become {@code List<Object>}.
 */
public final class FormParams {

  private final Map<String, Object> tree;
  private final List<String[]> pairs;

  private FormParams(Map<String, Object> tree, List<String[]> pairs) {
    this.tree = tree;
    this.pairs = pairs;
  }

  public static FormParams parse(String... encodedParts) {
    Map<String, Object> root = new LinkedHashMap<>();
    List<String[]> pairs = new ArrayList<>();
    for (String encoded : encodedParts) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        pairs.add(new String[] {key, value});
        insert(root, key, value);
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> normalized = (Map<String, Object>) normalize(root, null);
    return new FormParams(normalized, pairs);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> root, String key, String value) {
    List<String> path = new ArrayList<>();
    int open = key.indexOf('[');
    if (open < 0) {
      path.add(key);
    } else {
      path.add(key.substring(0, open));
      int i = open;
      while (i < key.length() && key.charAt(i) == '[') {
        int close = key.indexOf(']', i);
        if (close < 0) {
          break;
        }
        path.add(key.substring(i + 1, close));
        i = close + 1;
      }
    }
    Map<String, Object> node = root;
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      if (segment.isEmpty()) {
        // "a[]" appends: give it the next free numeric index.
        segment = String.valueOf(nextIndex(node));
      }
      if (last) {
        node.put(segment, value);
      } else {
        Object child = node.get(segment);
        if (!(child instanceof Map)) {
          child = new LinkedHashMap<String, Object>();
          node.put(segment, child);
        }
        node = (Map<String, Object>) child;
      }
    }
  }

  private static int nextIndex(Map<String, Object> node) {
    int max = -1;
    for (String k : node.keySet()) {
      if (isIndex(k)) {
        max = Math.max(max, Integer.parseInt(k));
      }
    }
    return max + 1;
  }

  private static boolean isIndex(String k) {
    if (k.isEmpty() || k.length() > 6) {
      return false;
    }
    for (int i = 0; i < k.length(); i++) {
      if (!Character.isDigit(k.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Object normalize(Object value, String key) {
    if (!(value instanceof Map)) {
      return value;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    // metadata[1]=x is a hash with key "1", not a list.
    boolean allIndices =
        !"metadata".equals(key) && !map.isEmpty() && map.keySet().stream().allMatch(FormParams::isIndex);
    if (allIndices) {
      TreeMap<Integer, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(Integer.parseInt(k), normalize(v, k)));
      return new ArrayList<>(sorted.values());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, normalize(v, k)));
    return out;
  }

  public Map<String, Object> tree() {
    return tree;
  }

  public boolean has(String name) {
    return tree.containsKey(name);
  }

  public java.util.Set<String> names() {
    return tree.keySet();
  }

  /** A top-level scalar, or null when absent. */
  public String string(String name) {
    Object v = tree.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid("Invalid " + name + ": must be a string", name, "parameter_invalid_string");
    }
    return s;
  }

  public Long integer(String name) {
    String s = string(name);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalid("Invalid integer: " + s, name, "parameter_invalid_integer");
    }
  }

  public Boolean bool(String name) {
    String s = string(name);
    if (s == null) {
      return null;
    }
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw ApiError.invalid("Invalid boolean: " + s, name, "parameter_invalid_boolean");
  }

  /** A nested hash such as {@code metadata}; null when absent; "" (Stripe's way to unset) gives an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, String> stringMap(String name) {
    Object v = tree.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof String s && s.isEmpty()) {
      return Map.of();
    }
    if (!(v instanceof Map)) {
      throw ApiError.invalid("Invalid " + name + ": must be a hash", name, "parameter_invalid_object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw ApiError.invalid(
            "Invalid " + name + "[" + e.getKey() + "]: must be a string", name, "parameter_invalid_string");
      }
      out.put(e.getKey(), s);
    }
    return out;
  }

  /** A list parameter such as {@code expand}; empty when absent. */
  public List<String> stringList(String name) {
    Object v = tree.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
      return out;
    }
    throw ApiError.invalid("Invalid " + name + ": must be an array", name, "parameter_invalid_array");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String name) {
    Object v = tree.get(name);
    return v instanceof Map ? (Map<String, Object>) v : null;
  }

  public Object raw(String name) {
    return tree.get(name);
  }

  /** Order-independent fingerprint of every parameter: same parameters, same fingerprint. */
  public String fingerprint() {
    List<String> flat = new ArrayList<>();
    for (String[] p : pairs) {
      flat.add(p[0] + "=" + p[1]);
    }
    flat.sort(null);
    return String.join("&", flat);
  }

  /** Rejects any top-level parameter outside {@code allowed}, as Stripe does. */
  public void allowOnly(java.util.Set<String> allowed) {
    for (String name : tree.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiError.invalid("Received unknown parameter: " + name, name, "parameter_unknown");
      }
    }
  }
}
