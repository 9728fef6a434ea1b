package com.bookiji.platform.web;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;

/**
 * What every Bookiji REST service gets by depending on {@code platform-web}: problem+json errors
 * with stable codes, stateless JWT bearer auth (role claim -> {@code ROLE_*} authorities), the
 * {@link Actor} controller parameter, and public health/metrics/OpenAPI endpoints.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
    "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
    "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(BookijiSecurityProperties.class)
@EnableWebSecurity
@EnableMethodSecurity
public class BookijiWebAutoConfiguration {

  /** Open without a token: probes, scraping and the API documentation. */
  public static final List<String> ALWAYS_PUBLIC = List.of(
      "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
      "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
      "/swagger-ui/**", "/error");

  /**
   * Spring Security observes each filter of its chain (about a dozen observations per request);
   * under load that was most of a status read's CPU. The request's own observation
   * ({@code http.server.requests}: metrics and traces) stays.
   */
  @Bean
  ObservationPredicate bookijiNoSecurityFilterObservations() {
    return (name, context) -> !name.startsWith("spring.security.");
  }

  @Bean
  @ConditionalOnMissingBean
  ProblemExceptionHandler bookijiProblemExceptionHandler() {
    return new ProblemExceptionHandler();
  }

  @Bean
  @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
  ProblemErrorController bookijiProblemErrorController() {
    return new ProblemErrorController();
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> bookijiRequestBodyLimitFilter(
      BookijiSecurityProperties properties) {
    FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
        new RequestBodyLimitFilter(properties.web().maxRequestBodySize().toBytes()));
    // Before security: an oversized body is refused before a token is even looked at.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * Browser frontends on {@code bookiji.security.web.cors-allowed-origins} may call the API
   * (bearer tokens in the Authorization header, so no cookies: credentials stay off).
   */
  static CorsConfigurationSource corsConfigurationSource(BookijiSecurityProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    List<String> origins = properties.web().corsAllowedOrigins();
    if (!origins.isEmpty()) {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(origins);
      cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
      cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key",
          "Last-Event-ID"));
      cors.setExposedHeaders(List.of("Location", "Retry-After", "Idempotent-Replayed"));
      cors.setAllowCredentials(false);
      cors.setMaxAge(Duration.ofHours(1));
      source.registerCorsConfiguration("/**", cors);
    }
    return source;
  }

  @Bean
  WebMvcConfigurer bookijiActorArgumentResolverConfigurer() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver());
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean
  JwtDecoder bookijiJwtDecoder(BookijiSecurityProperties properties) {
    BookijiSecurityProperties.Jwt jwt = properties.jwt();
    NimbusJwtDecoder decoder;
    if (jwt.jwkSetUri() != null) {
      decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString()).build();
    } else if (jwt.secret() != null && !jwt.secret().isBlank()) {
      byte[] key = jwt.secret().getBytes(StandardCharsets.UTF_8);
      if (key.length < TokenMinter.MIN_SECRET_BYTES) {
        throw new IllegalStateException("bookiji.security.jwt.secret must have at least "
            + TokenMinter.MIN_SECRET_BYTES + " bytes (HS256)");
      }
      decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
          .macAlgorithm(MacAlgorithm.HS256).build();
    } else {
      throw new IllegalStateException("no way to verify bearer tokens: set"
          + " bookiji.security.jwt.secret (local) or bookiji.security.jwt.jwk-set-uri");
    }
    decoder.setJwtValidator(tokenValidator(jwt));
    return decoder;
  }

  /**
   * What a token must carry beyond a valid signature: an expiry (a token without {@code exp} would
   * be valid forever), a current validity window, the configured issuer and audience, and an actor.
   */
  static OAuth2TokenValidator<Jwt> tokenValidator(BookijiSecurityProperties.Jwt jwt) {
    boolean hasIssuer = jwt.issuer() != null && !jwt.issuer().isBlank();
    boolean hasAudience = jwt.audience() != null && !jwt.audience().isBlank();
    if (jwt.requireIssuerAndAudience() && !(hasIssuer && hasAudience)) {
      throw new IllegalStateException("bookiji.security.jwt.require-issuer-and-audience is set:"
          + " configure bookiji.security.jwt.issuer and bookiji.security.jwt.audience");
    }
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(BookijiWebAutoConfiguration::requireExpiry);
    validators.add(new JwtTimestampValidator(jwt.clockSkew()));
    if (hasIssuer) {
      validators.add(new JwtIssuerValidator(jwt.issuer()));
    }
    if (hasAudience) {
      validators.add(token -> token.getAudience() != null && token.getAudience().contains(jwt.audience())
          ? OAuth2TokenValidatorResult.success()
          : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
              "the token is not meant for this service (aud)", null)));
    }
    validators.add(BookijiWebAutoConfiguration::requireActorClaims);
    return new DelegatingOAuth2TokenValidator<>(validators);
  }

  static OAuth2TokenValidatorResult requireExpiry(Jwt jwt) {
    return jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
            "the token has no expiry (exp)", null));
  }

  /** A token without a subject or a known role names no actor: reject it as invalid (401). */
  static OAuth2TokenValidatorResult requireActorClaims(Jwt jwt) {
    if (CurrentActor.fromJwt(jwt).isPresent()) {
      return OAuth2TokenValidatorResult.success();
    }
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
        "the token needs a subject and a role claim (REQUESTER, VENDOR or OPS)", null));
  }

  @Bean
  @ConditionalOnMissingBean
  JwtAuthenticationConverter bookijiJwtAuthenticationConverter() {
    JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName(CurrentActor.ROLE_CLAIM);
    authorities.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return converter;
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain bookijiSecurityFilterChain(HttpSecurity http,
      BookijiSecurityProperties properties, JwtDecoder decoder,
      JwtAuthenticationConverter converter, ObjectProvider<AuthorizationRules> rules)
      throws Exception {
    ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
    List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
    open.addAll(properties.publicPaths());
    http
        .csrf(csrf -> csrf.disable())
        .cors(cors -> cors.configurationSource(corsConfigurationSource(properties)))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(auth -> {
          // The original request was authorised already: its async continuation (Callable,
          // DeferredResult, server-sent events) and error dispatch must not be re-challenged.
          auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
          auth.requestMatchers(open.toArray(String[]::new)).permitAll();
          rules.orderedStream().forEach(r -> r.configure(auth));
          auth.anyRequest().authenticated();
        })
        .oauth2ResourceServer(rs -> rs
            .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  /** Keeps the {@link Actor} parameter out of the generated docs and declares bearer auth. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
  static class OpenApiConfiguration {

    OpenApiConfiguration() {
      org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    /** Every operation's problem answers (see {@link ProblemResponse}). */
    @Bean
    org.springdoc.core.customizers.OperationCustomizer bookijiProblemResponses(
        BookijiSecurityProperties properties) {
      org.springframework.util.AntPathMatcher paths = new org.springframework.util.AntPathMatcher();
      List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
      open.addAll(properties.publicPaths());
      return (operation, handler) -> {
        String[] mapped = mappedPaths(handler);
        boolean secured = java.util.Arrays.stream(mapped)
            .noneMatch(path -> open.stream().anyMatch(pattern -> paths.match(pattern, path)));
        return ProblemOpenApi.customize(operation, handler, secured);
      };
    }

    private static String[] mappedPaths(org.springframework.web.method.HandlerMethod handler) {
      var onMethod = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(
          handler.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
      var onType = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(
          handler.getBeanType(), org.springframework.web.bind.annotation.RequestMapping.class);
      String prefix = onType == null || onType.path().length == 0 ? "" : onType.path()[0];
      if (onMethod == null || onMethod.path().length == 0) {
        return new String[] {prefix};
      }
      return java.util.Arrays.stream(onMethod.path()).map(p -> prefix + p).toArray(String[]::new);
    }

    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer bookijiProblemSchema() {
      return api -> ProblemOpenApi.addProblemSchema(api.getComponents());
    }

    @Bean
    @ConditionalOnMissingBean
    io.swagger.v3.oas.models.OpenAPI bookijiOpenApi() {
      return new io.swagger.v3.oas.models.OpenAPI()
          .components(new io.swagger.v3.oas.models.Components().addSecuritySchemes("bearer",
              new io.swagger.v3.oas.models.security.SecurityScheme()
                  .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
                  .scheme("bearer").bearerFormat("JWT")))
          .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement()
              .addList("bearer"));
    }
  }
}
