package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.EndpointObserver;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.core.observe.NotificationListener;
import org.eclipse.californium.core.server.MessageDeliverer;

/**
 * The endpoint side of in-process exchanges: hands the response the resource sends for an exchange
 * to that exchange's future (many may be outstanding while the journal commits). A second response
 * to the same exchange is an error.
 */
final class CapturingEndpoint implements Endpoint {
    private final Map<Exchange, CompletableFuture<Response>> waiting = new ConcurrentHashMap<>();

    /** The future the response to {@code exchange} completes. */
    CompletableFuture<Response> expect(Exchange exchange) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        waiting.put(exchange, f);
        return f;
    }

    @Override
    public void sendResponse(Exchange exchange, Response response) {
        CompletableFuture<Response> f = waiting.remove(exchange);
        if (f == null || !f.complete(response)) {
            throw new IllegalStateException("a response nobody waited for: " + response);
        }
    }

    @Override
    public void sendEmptyMessage(Exchange exchange, EmptyMessage message) {
        // ACK/RST for the exchange: the piggy-backed response is what the test looks at
    }

    @Override
    public void sendRequest(Request request) {
        throw new UnsupportedOperationException("a server resource never sends requests");
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void clear() {
    }

    @Override
    public boolean isStarted() {
        return true;
    }

    @Override
    public void setExecutors(ScheduledExecutorService main, ScheduledExecutorService secondary) {
    }

    @Override
    public void addObserver(EndpointObserver obs) {
    }

    @Override
    public void removeObserver(EndpointObserver obs) {
    }

    @Override
    public void addNotificationListener(NotificationListener lis) {
    }

    @Override
    public void removeNotificationListener(NotificationListener lis) {
    }

    @Override
    public void addInterceptor(MessageInterceptor interceptor) {
    }

    @Override
    public void removeInterceptor(MessageInterceptor interceptor) {
    }

    @Override
    public List<MessageInterceptor> getInterceptors() {
        return List.of();
    }

    @Override
    public void addPostProcessInterceptor(MessageInterceptor interceptor) {
    }

    @Override
    public void removePostProcessInterceptor(MessageInterceptor interceptor) {
    }

    @Override
    public List<MessageInterceptor> getPostProcessInterceptors() {
        return List.of();
    }

    @Override
    public void setMessageDeliverer(MessageDeliverer deliverer) {
    }

    @Override
    public InetSocketAddress getAddress() {
        return new InetSocketAddress("127.0.0.1", 5683);
    }

    @Override
    public URI getUri() {
        return URI.create("coap://127.0.0.1:5683");
    }

    @Override
    public org.eclipse.californium.elements.config.Configuration getConfig() {
        throw new UnsupportedOperationException("not used by a resource");
    }

    @Override
    public void cancelObservation(Token token) {
    }
}
