package io.nextbest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String FEED_KEY = "feed-key";

    @Test
    void aKeyMayHoldTheIngestRoleAloneOrWithOthers() {
        ApiKeys keys = keys("esp:ingest:" + hashOf(FEED_KEY), "ops: Admin + DECIDE + ingest :" + hashOf("ops-key"));

        assertThat(keys.verify(FEED_KEY)).contains(new ApiKeys.Caller("esp", Set.of(Roles.INGEST)));
        assertThat(keys.verify("ops-key")).contains(new ApiKeys.Caller("ops", Set.of(Roles.ADMIN, Roles.DECIDE, Roles.INGEST)));
        assertThat(keys.verify("another-key")).isEmpty();
    }

    @Test
    void anUnknownRoleStopsTheServiceNamingTheKeyTheRoleAndTheRoles() {
        assertThatThrownBy(() -> keys("esp:ingest+write:" + hashOf(FEED_KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextbest.security.api-keys: key 'esp' has the unknown role 'write'; the roles are decide, ingest, admin");
        assertThatThrownBy(() -> keys("esp::" + hashOf(FEED_KEY)))
                .hasMessageContaining("key 'esp' has the unknown role ''");
    }

    @Test
    void aHashThatIsNotSha256StopsTheServiceWithoutEchoingIt() {
        assertThatThrownBy(() -> keys("esp:ingest:" + FEED_KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'esp' needs the SHA-256 of the key").hasMessageNotContaining(FEED_KEY);
    }

    private static ApiKeys keys(String... entries) {
        return new ApiKeys(new Config(List.of(entries)));
    }

    private static String hashOf(String key) {
        return java.util.HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    private record Config(List<String> entries) implements SecurityConfig {
        @Override
        public Optional<List<String>> apiKeys() {
            return Optional.of(entries);
        }

        @Override
        public boolean open() {
            return false;
        }

        @Override
        public Set<String> privateReasons() {
            return Set.of();
        }
    }
}
