package org.homeward.gateway.command;

/**
 * A device's answer to a command.
 *
 * @param id     the command's id
 * @param done   true: the device did it ({@code answered}); false: it refused ({@code refused})
 * @param detail the device's words, at most 200 chars; null when none
 */
public record CommandAnswer(String id, boolean done, String detail) {
}
