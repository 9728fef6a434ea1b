package com.bookiji.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes a problem document straight to the servlet response, for errors raised outside Spring
 * MVC (security filters, the container's error dispatch) where no message converter runs.
 */
final class ProblemJson {

  private ProblemJson() {}

  static void write(HttpServletResponse response, int status, String code, String detail,
      String instance) throws IOException {
    HttpStatus known = HttpStatus.resolve(status);
    String title = known != null ? known.getReasonPhrase() : "Error " + status;
    StringBuilder json = new StringBuilder("{");
    json.append("\"type\":").append(TokenMinter.jsonString(ProblemExceptionHandler.TYPE_PREFIX + code));
    json.append(",\"title\":").append(TokenMinter.jsonString(title));
    json.append(",\"status\":").append(status);
    if (detail != null) {
      json.append(",\"detail\":").append(TokenMinter.jsonString(detail));
    }
    if (instance != null) {
      json.append(",\"instance\":").append(TokenMinter.jsonString(instance));
    }
    json.append(",\"code\":").append(TokenMinter.jsonString(code));
    json.append('}');
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
