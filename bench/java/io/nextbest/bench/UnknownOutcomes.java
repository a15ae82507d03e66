package io.nextbest.bench;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Attack: CONNECTIONS clients (the 250) post outcomes for decisions that do not exist, each a new
 * random id, as fast as they are answered. Each one has to be looked for (replica, PostgreSQL, Redis backlog)
 * before it can answer 404, so this is the load on the database pool a decide key alone can make.
 * Usage: UnknownOutcomes PORT API_KEY CONNECTIONS; runs until stopped, then prints the answers by status.
 */
public final class UnknownOutcomes {
    private static final byte[] CLICKED = "{\"type\": \"clicked\"}".getBytes(StandardCharsets.UTF_8);

    private UnknownOutcomes() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        int connections = Integer.parseInt(args[2]);
        ClosedLoopAttack.run(port, connections,
                () -> LoopbackHttp.post(port, "/v1/decisions/" + UUID.randomUUID() + "/outcomes", key, CLICKED),
                AttackTally.printedAtExit("unknown outcomes, answers"));
        ClosedLoopAttack.untilStopped();
    }
}
