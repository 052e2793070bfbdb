package org.homeward.sim.transport;

import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;

/** One encoded pack waiting to be sent; {@code payload} is never modified after creation. */
public record Outgoing(Channel channel, SenmlFormat format, byte[] payload) {
}
