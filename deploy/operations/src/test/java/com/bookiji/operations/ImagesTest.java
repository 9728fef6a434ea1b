package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the image definition (deploy/images/Dockerfile) fits every executable jar")
class ImagesTest {

  static final String DOCKERFILE = Repo.read("deploy/images/Dockerfile");

  /** The layers the Dockerfile copies, in order. */
  static List<String> copiedLayers() {
    List<String> layers = new ArrayList<>();
    Matcher m = Pattern.compile("^COPY --from=layers /builder/extracted/([a-z-]+)/ \\./$", Pattern.MULTILINE).matcher(DOCKERFILE);
    while (m.find()) {
      layers.add(m.group(1));
    }
    return layers;
  }

  static String entrypointClass() throws Exception {
    Matcher m = Pattern.compile("^ENTRYPOINT (\\[.*])$", Pattern.MULTILINE).matcher(DOCKERFILE);
    assertThat(m.find()).as("ENTRYPOINT").isTrue();
    List<?> command = new ObjectMapper().readValue(m.group(1), List.class);
    assertThat(command.get(0)).isEqualTo("java");
    return (String) command.get(command.size() - 1);
  }

  @Test
  @DisplayName("each of the six jars is layered with exactly the layers the Dockerfile copies, in its order")
  void everyJarHasTheCopiedLayers() {
    assertThat(copiedLayers()).isNotEmpty();
    for (String image : LayeredJars.IMAGES) {
      assertThat(LayeredJars.layers(LayeredJars.executableJar(image))).as(image).isEqualTo(copiedLayers());
    }
  }

  @Test
  @DisplayName("every jar extracts with Spring Boot's jar mode tools as the build stage runs it, and the entrypoint is the extracted launcher")
  void extractAndEntrypoint(@TempDir Path dir) throws Exception {
    assertThat(DOCKERFILE).contains("java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted");
    String launcher = entrypointClass().replace('.', '/') + ".class";
    for (String image : LayeredJars.IMAGES) {
      Path extracted = LayeredJars.extract(LayeredJars.executableJar(image), dir.resolve(image));
      assertThat(extracted.resolve("spring-boot-loader").resolve(launcher)).as(image).isRegularFile();
      assertThat(extracted.resolve("application/BOOT-INF/classes")).as(image).isDirectory();
      assertThat(extracted.resolve("dependencies/BOOT-INF/lib")).as(image).isDirectory();
    }
    assertThat(DOCKERFILE).contains("USER 10001:10001");
  }

  @Test
  @DisplayName("the build script names every image and the jar each is made from")
  void buildScript() {
    String script = Repo.read("deploy/images/build.sh");
    for (String image : LayeredJars.IMAGES) {
      assertThat(script).as(image).contains(image);
    }
    assertThat(Files.isExecutable(Repo.path("deploy/images/build.sh"))).isTrue();
  }

  @Test
  @DisplayName("the build script finds every executable jar the build made and builds one image of each")
  void buildScriptRuns(@TempDir Path dir) throws Exception {
    Path calls = dir.resolve("calls");
    Path engine = dir.resolve("engine");
    Files.writeString(engine, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n");
    engine.toFile().setExecutable(true);
    ProcessBuilder build = new ProcessBuilder("bash", "deploy/images/build.sh")
        .directory(Repo.root().toFile()).redirectErrorStream(true);
    build.environment().put("ENGINE", engine.toString());
    Process p = build.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
    List<String> builds = Files.readAllLines(calls);
    assertThat(builds).hasSize(LayeredJars.IMAGES.size());
    for (String line : builds) {
      String jar = line.replaceAll(".*--build-arg JAR=(\\S+).*", "$1");
      assertThat(Repo.path(jar)).as(line).isRegularFile();
      assertThat(LayeredJars.layers(Repo.path(jar))).as(jar + " is an executable, layered jar").isNotEmpty();
    }
  }
}
