package io.nextbest.api;

import java.util.List;

/** What happened to a batch: new events stored, replays recognised, and each rejected event with the reason. */
public record EventBatchResponse(int accepted, int duplicate, int rejected, List<Rejection> rejections) {
    /** @param index the event's position in the batch, from 0 */
    public record Rejection(int index, String id, String field, String message) {
    }
}
