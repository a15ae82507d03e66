package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassLookupsTest {
    /** The application's loader, counting what it is asked. */
    private static final class CountingLoader extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        CountingLoader() {
            super(ClassLookupsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private final CountingLoader application = new CountingLoader();
    private final ClassLookups lookups = new ClassLookups(application);

    @Test
    void aClassFoundIsTheApplicationsOwnAndLookedUpOnce() throws ClassNotFoundException {
        Class<?> first = lookups.loadClass("io.nextbest.facts.Candidate");
        Class<?> again = Class.forName("io.nextbest.facts.Candidate", false, lookups);

        assertThat(first).isSameAs(io.nextbest.facts.Candidate.class).isSameAs(again);
        assertThat(application.asked).containsExactly("io.nextbest.facts.Candidate");
    }

    @Test
    void aMissIsRememberedAndStillAMiss() {
        // What MVEL asks when it resolves the identifier `current` against the rules' import.
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> lookups.loadClass("io.nextbest.facts.current"))
                    .isInstanceOf(ClassNotFoundException.class)
                    .hasMessage("io.nextbest.facts.current");
        }

        assertThat(application.asked).containsExactly("io.nextbest.facts.current");
    }

    @Test
    void theMemoryStartsAfreshAtItsBound() {
        for (int i = 0; i < ClassLookups.MAX_REMEMBERED + 1; i++) {
            String name = "nextbest.Missing" + i;
            assertThatThrownBy(() -> lookups.loadClass(name)).isInstanceOf(ClassNotFoundException.class);
        }

        // The analysts' identifiers cannot grow it without bound; the last lookup is remembered again.
        assertThat(lookups.size()).isEqualTo(1);
    }
}
