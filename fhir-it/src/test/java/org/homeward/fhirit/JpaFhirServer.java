package org.homeward.fhirit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.test.config.TestR4Config;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.IServerInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A real HAPI FHIR JPA server (R4) as a hospital would run it: HAPI's own Spring configuration
 * for tests ({@link TestR4Config}: JPA on an in-memory H2 database, Hibernate, the search
 * indexes), the JPA resource providers and the system provider that executes transactions,
 * served by Jetty 12 on an ephemeral loopback port. Referential integrity on write is left at
 * HAPI's default (on): a reference to a resource that does not exist is refused with 400.
 * One instance per test class (the Spring context takes tens of seconds to start).
 */
final class JpaFhirServer implements AutoCloseable {
    private final AnnotationConfigApplicationContext spring;
    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);
    private final RestfulServer servlet;
    final long startMillis;
    final long startCpuMillis;

    @SuppressWarnings("unchecked")
    JpaFhirServer() throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        spring = new AnnotationConfigApplicationContext(TestR4Config.class);
        JpaStorageSettings storage = spring.getBean(JpaStorageSettings.class);
        if (!storage.isEnforceReferentialIntegrityOnWrite()) {
            throw new IllegalStateException("the JPA server must enforce referential integrity on write");
        }
        FhirContext ctx = spring.getBean(FhirContext.class);
        servlet = new RestfulServer(ctx);
        servlet.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        servlet.registerProvider(spring.getBean(JpaSystemProvider.class));
        servlet.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        handler.addServlet(new ServletHolder(servlet), "/fhir/*");
        jetty.setHandler(handler);
        jetty.start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        startCpuMillis = (processCpuNanos() - cpu0) / 1_000_000;
    }

    /** CPU time of this JVM (all threads): on a shared, loaded machine the wall time says little. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
    }

    void register(Object interceptor) {
        servlet.getInterceptorService().registerInterceptor(interceptor);
    }

    void unregister(Object interceptor) {
        servlet.getInterceptorService().unregisterInterceptor(interceptor);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        spring.close();
    }
}
