package io.nextbest.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "nextbest.security")
public interface SecurityConfig {
    /**
     * API keys, as {@code name:role[+role]:sha256-hex-of-the-key} with the roles of {@link Roles}, comma
     * separated (environment variable NEXTBEST_SECURITY_API_KEYS, from a Secret). Only hashes are configured:
     * the keys themselves are never stored. None configured: every API endpoint answers 401.
     */
    Optional<List<String>> apiKeys();

    /**
     * Every caller holds every role, without a key. Only for the embedded demo profile; a warning is logged
     * at start, and the production default is off.
     */
    @WithDefault("false")
    boolean open();

    /**
     * Reason codes of set-aside actions that tell whether a customer consented or opted out. Answers to callers
     * that may not read profiles (no admin role) leave those entries out, and the rules that set them aside.
     */
    @WithDefault("CONSENT,OPTED_OUT")
    Set<String> privateReasons();
}
