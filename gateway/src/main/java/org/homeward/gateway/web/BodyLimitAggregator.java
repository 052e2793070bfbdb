package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates request bodies up to the limit; a larger body (declared or streamed) is answered with
 * a counted 413 JSON refusal and the connection is closed, since the rest of the body is unread.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final ResponseWriter writer;

    BodyLimitAggregator(int maxBodyBytes, ResponseWriter writer) {
        super(maxBodyBytes);
        this.writer = writer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("error", "too_large");
        n.put("message", "request body exceeds " + maxContentLength() + " bytes");
        writer.write(ctx, WebResponse.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, n).withRoute("too_large"),
                false, false);
    }
}
