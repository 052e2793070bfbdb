package org.homeward.gateway.journal;

/** One durable entry: its sequence number and its bytes (do not modify). */
public record JournalEntry(long sequence, byte[] payload) {
}
