package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The settings a user may change are listed in the README and in {@code ./bookiji up --help}: this
 * test reads every {@code @ConfigurationProperties} class and every {@code ${bookiji...}} placeholder
 * in the sources of the services the stack runs (and the platform modules they are built on) with
 * the JDK's own Java parser, and fails when a property is not in {@link Settings} or its default
 * there differs from the code's.
 */
@DisplayName("the settings a user may change")
class SettingsTest {

  /** The modules whose Spring configuration the stack's services bind. */
  private static final List<String> MODULES = List.of("platform/messaging", "platform/web",
      "availability-service", "payment-service", "reservation-service", "reconciler");

  private static Path repo;
  /** property → default as written in the code ("" when it has none). */
  private static Map<String, String> inCode;

  @BeforeAll
  static void readTheSources() throws IOException {
    repo = Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString())).toAbsolutePath();
    inCode = configurationProperties(repo);
  }

  @Test
  @DisplayName("the sources are read (a parser that finds nothing would let everything pass)")
  void sourcesFound() {
    assertThat(inCode).containsKeys("bookiji.reservation.hold-ttl", "bookiji.stripe.retry.max-attempts",
        "bookiji.inbox.max-attempts", "bookiji.outbox.relay.poll-interval", "bookiji.payment.consumer-name");
  }

  @Test
  @DisplayName("every configuration property of the services is listed (as a setting, set by the launcher, or not a local setting)")
  void everyPropertyListed() {
    List<String> listed = Settings.ALL_PROPERTIES.stream().map(Settings.Setting::property).toList();
    assertThat(listed).as("listed twice").doesNotHaveDuplicates();
    assertThat(listed).as("properties in the code that Settings does not list (add them to Settings.ALL_PROPERTIES,"
        + " then copy Settings.markdown() into the README)").containsAll(inCode.keySet());
    assertThat(inCode.keySet()).as("Settings lists properties the code no longer has").containsAll(listed);
  }

  @Test
  @DisplayName("every listed default is the code's default")
  void defaultsAreTheCodes() {
    Map<String, String> differing = new TreeMap<>();
    for (Settings.Setting s : Settings.ALL_PROPERTIES) {
      String code = inCode.get(s.property());
      if (s.kind() != Settings.Kind.SET_BY_LAUNCHER && code != null && !code.isEmpty() && !code.equals(s.defaultValue())) {
        differing.put(s.property(), "listed " + s.defaultValue() + ", code " + code);
      }
    }
    assertThat(differing).isEmpty();
  }

  @Test
  @DisplayName("every setting has a unit, a meaning and the environment variable Spring Boot binds")
  void settingsAreDescribed() {
    for (Settings.Setting s : Settings.of(Settings.Kind.SETTING)) {
      assertThat(s.unit()).as(s.property()).isNotBlank();
      assertThat(s.meaning()).as(s.property()).isNotBlank();
      assertThat(s.defaultValue()).as(s.property()).isNotBlank();
    }
    Settings.Setting ttl = Settings.ALL_PROPERTIES.stream()
        .filter(s -> s.property().equals("bookiji.reservation.hold-ttl")).findFirst().orElseThrow();
    assertThat(ttl.environmentVariable()).isEqualTo("BOOKIJI_RESERVATION_HOLDTTL");
  }

  @Test
  @DisplayName("./bookiji up --help lists every setting with its variable, default and unit")
  void helpListsSettings() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = LocalStack.run(new String[] {"up", "--help"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String help = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    for (Settings.Setting s : Settings.of(Settings.Kind.SETTING)) {
      assertThat(help).as(s.property()).containsPattern(
          Pattern.quote(s.environmentVariable()) + "\\s+" + Pattern.quote(s.defaultValue()) + "\\s+" + Pattern.quote(s.unit()));
    }
  }

  @Test
  @DisplayName("the README's settings table is Settings.markdown()")
  void readmeListsSettings() throws IOException {
    Path generated = repo.resolve("deploy/local-stack/target/settings.md");
    Files.createDirectories(generated.getParent());
    Files.writeString(generated, Settings.markdown() + "\n", StandardCharsets.UTF_8);
    String readme = Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("<!-- settings:start[^>]*-->\\n(.*?)\\n<!-- settings:end -->", Pattern.DOTALL)
        .matcher(readme);
    assertThat(block.find()).as("README.md has a settings block").isTrue();
    assertThat(block.group(1)).as("README.md settings block is stale; the generated one is in %s", generated)
        .isEqualTo(Settings.markdown());
  }

  // ---- reading the sources ----

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(bookiji\\.[a-z0-9.-]+)(?::([^}]*))?}");

  static Map<String, String> configurationProperties(Path repo) throws IOException {
    List<Path> sources = new ArrayList<>();
    for (String module : MODULES) {
      Path main = repo.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(main)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Map<String, String> found = new TreeMap<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null,
          files.getJavaFileObjectsFromPaths(sources));
      for (CompilationUnitTree unit : task.parse()) {
        Map<String, ClassTree> classes = new HashMap<>();
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitClass(ClassTree c, Void v) {
            classes.put(c.getSimpleName().toString(), c);
            return super.visitClass(c, v);
          }
        }.scan(unit, null);
        for (ClassTree c : classes.values()) {
          annotation(c.getModifiers().getAnnotations(), "ConfigurationProperties")
              .ifPresent(a -> walk(c, stringArgument(a), classes, found));
        }
        String text = unit.getSourceFile().getCharContent(true).toString();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
          found.putIfAbsent(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
      }
    }
    return found;
  }

  private static void walk(ClassTree type, String prefix, Map<String, ClassTree> classes, Map<String, String> found) {
    for (Tree member : type.getMembers()) {
      if (!(member instanceof VariableTree field) || field.getModifiers().getFlags().contains(Modifier.STATIC)) {
        continue;
      }
      String name = prefix + "." + kebab(field.getName().toString());
      String typeName = field.getType().toString();
      ClassTree nested = classes.get(typeName);
      if (nested != null) {
        walk(nested, name, classes, found);
        continue;
      }
      String value = annotation(field.getModifiers().getAnnotations(), "DefaultValue")
          .map(SettingsTest::stringArgument)
          .orElseGet(() -> field.getInitializer() == null ? "" : normalise(field.getInitializer()));
      found.put(name, value);
    }
  }

  private static java.util.Optional<AnnotationTree> annotation(List<? extends AnnotationTree> annotations, String simpleName) {
    return annotations.stream().filter(a -> {
      String n = a.getAnnotationType().toString();
      return n.equals(simpleName) || n.endsWith("." + simpleName);
    }).map(a -> (AnnotationTree) a).findFirst();
  }

  private static String stringArgument(AnnotationTree a) {
    for (ExpressionTree arg : a.getArguments()) {
      ExpressionTree value = arg instanceof AssignmentTree assignment ? assignment.getExpression() : arg;
      if (value instanceof LiteralTree literal) {
        return String.valueOf(literal.getValue());
      }
    }
    return "";
  }

  private static final Pattern DURATION_FACTORY = Pattern.compile("Duration\\.of(Millis|Seconds|Minutes|Hours|Days)\\((\\d+)\\)");

  /** A field initialiser in the form the settings are written in ("1s", "true", "2048", "public.outbox"). */
  private static String normalise(ExpressionTree initializer) {
    if (initializer instanceof LiteralTree literal) {
      return String.valueOf(literal.getValue());
    }
    String source = initializer.toString();
    Matcher d = DURATION_FACTORY.matcher(source);
    if (d.matches()) {
      String unit = Map.of("Millis", "ms", "Seconds", "s", "Minutes", "m", "Hours", "h", "Days", "d").get(d.group(1));
      return d.group(2) + unit;
    }
    if (source.matches("new \\w*Map<.*>\\(.*\\)")) {
      return ""; // a map's defaults live in code the listing describes (e.g. one entry per state)
    }
    return source.replaceAll("^\\(\\w+\\)\\s*", "");
  }

  private static String kebab(String camel) {
    return camel.chars().mapToObj(ch -> Character.isUpperCase(ch) ? "-" + (char) Character.toLowerCase(ch) : String.valueOf((char) ch))
        .collect(Collectors.joining());
  }
}
