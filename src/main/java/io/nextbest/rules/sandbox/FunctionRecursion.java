package io.nextbest.rules.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the rules' functions call one another, to refuse recursion: a function that calls itself,
 * directly or through other functions, can run without end (and a deep one takes the thread's stack).
 */
final class FunctionRecursion {
    private final Map<String, Set<String>> calls = new HashMap<>();

    void record(String caller, String callee) {
        calls.computeIfAbsent(caller, name -> new LinkedHashSet<>()).add(callee);
    }

    /** The way {@code function} comes back to itself ({@code [fib, fib]}, {@code [a, b, a]}), if it does. */
    Optional<List<String>> cycleThrough(String function) {
        return path(function, function, new ArrayList<>(List.of(function)), new LinkedHashSet<>());
    }

    private Optional<List<String>> path(String from, String target, List<String> trail, Set<String> seen) {
        for (String callee : calls.getOrDefault(from, Set.of())) {
            if (callee.equals(target)) {
                List<String> cycle = new ArrayList<>(trail);
                cycle.add(callee);
                return Optional.of(cycle);
            }
            if (seen.add(callee)) {
                trail.add(callee);
                Optional<List<String>> found = path(callee, target, trail, seen);
                if (found.isPresent()) {
                    return found;
                }
                trail.remove(trail.size() - 1);
            }
        }
        return Optional.empty();
    }
}
