package com.bookiji.stripesim.internal;

import com.google.gson.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stripe's {@code /v1/webhook_endpoints}: create (the signing {@code secret} is returned only
 * then), retrieve, update ({@code disabled} switches deliveries off), delete, and list with cursor
 * pagination. An endpoint receives the events its {@code enabled_events} name ({@code "*"} = all).
 * The same endpoints the control API's {@code /_sim/webhook-endpoints} manages.
 */
public final class WebhookEndpoints {

  private static final Set<String> CREATE_PARAMS =
      Set.of("url", "enabled_events", "description", "metadata", "api_version", "connect", "expand");
  private static final Set<String> UPDATE_PARAMS =
      Set.of("url", "enabled_events", "description", "metadata", "disabled", "expand");
  private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z_]+(\\.[a-z_]+)+(\\.\\*)?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final SimClock clock;

  public WebhookEndpoints(Store store, SimClock clock) {
    this.store = store;
    this.clock = clock;
  }

  public JsonObject create(FormParams p) {
    p.allowOnly(CREATE_PARAMS);
    String url = p.string("url");
    if (url == null) {
      throw ApiError.missing("url");
    }
    validUrl(url);
    List<String> events = validEvents(p, true);
    Map<String, String> metadata = Metadata.valid(p);
    synchronized (store) {
      Records.WebhookEndpoint we = store.identify(new Records.WebhookEndpoint(), "we_", clock.epochSecond());
      we.url = url;
      we.secret = newSecret();
      we.description = p.string("description");
      we.enabledEvents = events;
      we.status = "enabled";
      Metadata.apply(we.metadata, metadata);
      store.save(we);
      JsonObject o = StripeJson.webhookEndpoint(we);
      o.addProperty("secret", we.secret);
      return o;
    }
  }

  public JsonObject retrieve(String id) {
    synchronized (store) {
      return StripeJson.webhookEndpoint(existing(id));
    }
  }

  public JsonObject update(String id, FormParams p) {
    p.allowOnly(UPDATE_PARAMS);
    String url = p.string("url");
    if (url != null) {
      validUrl(url);
    }
    List<String> events = p.has("enabled_events") ? validEvents(p, false) : null;
    Map<String, String> metadata = Metadata.valid(p);
    Boolean disabled = p.bool("disabled");
    synchronized (store) {
      Records.WebhookEndpoint we = existing(id);
      if (url != null) {
        we.url = url;
      }
      if (events != null) {
        we.enabledEvents = events;
      }
      if (p.has("description")) {
        we.description = Validation.emptyToNull(p.string("description"));
      }
      if (disabled != null) {
        we.status = disabled ? "disabled" : "enabled";
      }
      Metadata.apply(we.metadata, metadata);
      store.save(we);
      return StripeJson.webhookEndpoint(we);
    }
  }

  public JsonObject delete(String id) {
    synchronized (store) {
      existing(id);
      store.deleteEndpoint(id);
    }
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("object", "webhook_endpoint");
    o.addProperty("deleted", true);
    return o;
  }

  public JsonObject list(FormParams p) {
    p.allowOnly(Set.of("limit", "starting_after", "ending_before", "expand"));
    List<Records.WebhookEndpoint> all;
    synchronized (store) {
      all = new ArrayList<>(store.endpoints.values());
    }
    return Listing.list(all, we -> true, StripeJson::webhookEndpoint, p, "/v1/webhook_endpoints", "webhook_endpoint");
  }

  private Records.WebhookEndpoint existing(String id) {
    Records.WebhookEndpoint we = store.endpoints.get(id);
    if (we == null) {
      throw ApiError.notFound("No such webhook endpoint: '" + id + "'", "id");
    }
    return we;
  }

  private static List<String> validEvents(FormParams p, boolean required) {
    List<String> events = p.stringList("enabled_events");
    if (events.isEmpty()) {
      if (required) {
        throw ApiError.missing("enabled_events");
      }
      throw ApiError.invalid("enabled_events cannot be empty", "enabled_events", "parameter_invalid_empty");
    }
    for (String e : events) {
      if (!EVENT_TYPE.matcher(e).matches()) {
        throw ApiError.invalid("Invalid event type: " + e, "enabled_events", "parameter_invalid_string");
      }
    }
    return List.copyOf(events);
  }

  private static void validUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("Invalid URL: " + url, "url", "url_invalid");
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw ApiError.invalid("Invalid URL: " + url + " (an absolute http or https URL)", "url", "url_invalid");
    }
  }

  static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "whsec_" + HexFormat.of().formatHex(bytes);
  }
}
