package com.bookiji.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code bookiji.security.web.max-request-body-size} with 413
 * problem+json ({@code PAYLOAD_TOO_LARGE}). A declared {@code Content-Length} is refused before
 * anything is read; a chunked body is counted while it is read and fails the read when it passes
 * the limit, so no handler ever sees more than the limit.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;

  public RequestBodyLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      ProblemJson.write(response, 413, ProblemCodes.PAYLOAD_TOO_LARGE, tooLarge(),
          request.getRequestURI());
      return;
    }
    chain.doFilter(new LimitedRequest(request), response);
  }

  private String tooLarge() {
    return "the request body is larger than " + maxBytes + " bytes";
  }

  /** Thrown by a read that passes the limit; the exception handler answers 413. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(String message) {
      super(message);
    }
  }

  private final class LimitedRequest extends HttpServletRequestWrapper {
    private ServletInputStream limited;

    LimitedRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (limited == null) {
        limited = new LimitedInputStream(super.getInputStream());
      }
      return limited;
    }
  }

  private final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private long count;

    LimitedInputStream(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws BodyTooLargeException {
      count += n;
      if (count > maxBytes) {
        throw new BodyTooLargeException(tooLarge());
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
