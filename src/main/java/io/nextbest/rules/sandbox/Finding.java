package io.nextbest.rules.sandbox;

/** Something a rule may not do, at a line of its file. */
record Finding(int line, String message) {
}
