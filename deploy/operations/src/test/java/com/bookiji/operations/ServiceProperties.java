package com.bookiji.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an environment variable that compose or Kubernetes passes to a service is something the
 * service reads: a Spring Boot property (the configuration metadata of the services' own classpath,
 * which is this module's test classpath), a Bookiji property of that service (the settings listing
 * the launcher generates into the README, kept complete by the local stack's SettingsTest), or a
 * placeholder its application*.yml reads. Spring Boot binds an environment variable to a property
 * by upper-casing it, turning dots into underscores and dropping dashes.
 */
final class ServiceProperties {

  /** Read by the JVM, not by Spring. */
  static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");
  private static final String EVERY_SERVICE = "every service";

  private static Set<String> springBoot;
  private static Map<String, Set<String>> bookijiByService;

  private ServiceProperties() {
  }

  static String environmentVariable(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
  }

  static synchronized Set<String> springBootVariables() {
    if (springBoot == null) {
      Set<String> names = new HashSet<>();
      ObjectMapper json = new ObjectMapper();
      try {
        for (String resource : new String[] {"META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json"}) {
          for (URL url : Collections.list(ServiceProperties.class.getClassLoader().getResources(resource))) {
            try (InputStream in = url.openStream()) {
              for (JsonNode p : json.readTree(in).path("properties")) {
                names.add(environmentVariable(p.path("name").asText()));
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      springBoot = names;
    }
    return springBoot;
  }

  /** service → environment variables of its Bookiji properties ("every service" ones included). */
  static synchronized Map<String, Set<String>> bookijiVariables() {
    if (bookijiByService == null) {
      Map<String, Set<String>> byService = new HashMap<>();
      String readme = Repo.read("README.md");
      String listing = readme.substring(readme.indexOf("<!-- settings:start"), readme.indexOf("<!-- settings:end"));
      Matcher row = Pattern.compile("^\\| `([A-Z0-9_]+)` \\|[^|]*\\|[^|]*\\| ([a-z -]+) \\|", Pattern.MULTILINE).matcher(listing);
      while (row.find()) {
        byService.computeIfAbsent(row.group(2).trim(), s -> new HashSet<>()).add(row.group(1));
      }
      Matcher other = Pattern.compile("`(bookiji\\.[a-z0-9.-]+)`").matcher(listing);
      while (other.find()) {
        byService.computeIfAbsent(EVERY_SERVICE, s -> new HashSet<>()).add(environmentVariable(other.group(1)));
      }
      bookijiByService = byService;
    }
    return bookijiByService;
  }

  /** Placeholders (${NAME...}) the service's application*.yml files read. */
  static Set<String> placeholders(String service) {
    Set<String> names = new HashSet<>();
    Path resources = Repo.path(service).resolve("src/main/resources");
    try (Stream<Path> files = Files.list(resources)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Map properties: a variable below one names a key of the map (e.g. ..._DEBEZIUM_SLOT_FAILOVER). */
  static final Set<String> MAP_VARIABLES = Set.of("BOOKIJI_OUTBOX_RELAY_DEBEZIUM");

  /**
   * Spring Boot's {@code SPRING_APPLICATION_JSON}: every property its JSON sets (nested objects
   * flattened with dots) is one the service reads, or a key of a map property it reads.
   */
  static boolean readsJson(String service, String json) {
    java.util.List<String> names = new java.util.ArrayList<>();
    try {
      flatten("", new ObjectMapper().readTree(json), names);
    } catch (IOException e) {
      return false;
    }
    return !names.isEmpty() && names.stream().allMatch(name -> reads(service, environmentVariable(name))
        || name.contains(".") && reads(service, environmentVariable(name.substring(0, name.lastIndexOf('.')))));
  }

  private static void flatten(String prefix, JsonNode node, java.util.List<String> names) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), names));
    } else {
      names.add(prefix);
    }
  }

  static boolean reads(String service, String variable) {
    return JVM_VARIABLES.contains(variable)
        || MAP_VARIABLES.stream().anyMatch(map -> variable.startsWith(map + "_")
            && bookijiVariables().getOrDefault(EVERY_SERVICE, Set.of()).contains(map))
        || springBootVariables().contains(variable)
        || bookijiVariables().getOrDefault(service, Set.of()).contains(variable)
        || bookijiVariables().getOrDefault(EVERY_SERVICE, Set.of()).contains(variable)
        || placeholders(service).contains(variable);
  }
}
