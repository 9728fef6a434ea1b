package com.bookiji.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's whitelabel/JSON error page: whatever reaches the container's error dispatch
 * (an exception in a filter, {@code sendError}) is answered as problem+json too.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

  @RequestMapping
  public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object statusAttr = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = statusAttr instanceof Integer i ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
    if (status < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR.value();
    }
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String code = ProblemCodes.forStatus(HttpStatusCode.valueOf(status));
    String detail = status >= 500 ? "an unexpected error occurred; it has been logged" : null;
    if (ProblemExceptionHandler.isUnparseableParameters(
        request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
      status = HttpStatus.BAD_REQUEST.value();
      code = ProblemCodes.INVALID_PARAMETER;
      detail = ProblemExceptionHandler.UNPARSEABLE_PARAMETERS;
    }
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    ProblemJson.write(response, status, code, detail, uri == null ? null : uri.toString());
  }
}
