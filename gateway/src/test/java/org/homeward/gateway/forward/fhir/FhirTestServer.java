package org.homeward.gateway.forward.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceMetric;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A real HAPI FHIR RestfulServer in Jetty 12 (ee10) on an ephemeral port, with an in-memory store
 * that honours conditional create by identifier ({@code ifNoneExist}) and conditional update of
 * Flags, all-or-nothing per transaction. Can be stopped and restarted on the same port.
 */
public final class FhirTestServer implements AutoCloseable {
    final Store store = new Store();
    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);

    public FhirTestServer(FhirContext ctx) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        RestfulServer servlet = new RestfulServer(ctx);
        servlet.setResourceProviders(new ObservationProvider(store), new FlagProvider(store));
        servlet.registerProvider(new TransactionProvider(store));
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(10);
        paging.setDefaultPageSize(100_000);
        paging.setMaximumPageSize(100_000);
        servlet.setPagingProvider(paging);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        handler.addServlet(new ServletHolder(servlet), "/fhir/*");
        jetty.setHandler(handler);
        jetty.start();
        connector.setPort(connector.getLocalPort());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getPort() + "/fhir";
    }

    public void stop() throws Exception {
        jetty.stop();
    }

    public void restart() throws Exception {
        jetty.start();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    /** What the server holds, in arrival order. */
    static final class Store {
        final Map<String, Observation> observations = new LinkedHashMap<>();
        final Map<String, Flag> flags = new LinkedHashMap<>();
        /** Patient, Device and DeviceMetric resources by {@code Type/id}, as PUT by the sink. */
        final Map<String, Resource> subjects = new LinkedHashMap<>();
        final AtomicInteger flagVersions = new AtomicInteger();
        final AtomicInteger duplicateCreates = new AtomicInteger();
        volatile String rejectPatient;

        synchronized List<Observation> observations() {
            return new ArrayList<>(observations.values());
        }

        synchronized Bundle apply(Bundle in) {
            for (Bundle.BundleEntryComponent e : in.getEntry()) {
                if (e.getResource() instanceof Observation o
                        && o.getSubject().getReference().equals("Patient/" + rejectPatient)) {
                    throw new UnprocessableEntityException("patient " + rejectPatient + " is not known here");
                }
            }
            Bundle out = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (Bundle.BundleEntryComponent e : in.getEntry()) {
                out.addEntry().getResponse().setStatus(applyOne(e));
            }
            return out;
        }

        private String applyOne(Bundle.BundleEntryComponent e) {
            Resource r = e.getResource();
            String url = e.getRequest().getUrl();
            if (r instanceof Observation o && e.getRequest().getMethod() == Bundle.HTTPVerb.POST) {
                String key = valueOf(e.getRequest().getIfNoneExist());
                if (observations.containsKey(key)) {
                    duplicateCreates.incrementAndGet();
                    return "200 OK";
                }
                o.setId("Observation/" + (observations.size() + 1));
                observations.put(key, o);
                return "201 Created";
            }
            if ((r instanceof Patient || r instanceof Device || r instanceof DeviceMetric)
                    && e.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
                return subjects.put(url, r) == null ? "201 Created" : "200 OK";
            }
            if (r instanceof Flag f && e.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
                String alarmId = valueOf(url.substring(url.indexOf('?') + 1));
                flagVersions.incrementAndGet();
                f.setId("Flag/" + alarmId);
                return flags.put(alarmId, f) == null ? "201 Created" : "200 OK";
            }
            throw new InvalidRequestException("unsupported entry " + e.getRequest().getMethod() + " " + url);
        }

        /** {@code identifier=system|value} → value. */
        private static String valueOf(String condition) {
            if (condition == null || !condition.startsWith("identifier=") || !condition.contains("|")) {
                throw new InvalidRequestException("expected identifier=system|value, got " + condition);
            }
            return condition.substring(condition.lastIndexOf('|') + 1);
        }
    }

    /** Plain provider for the system-level transaction. */
    public static final class TransactionProvider {
        private final Store store;

        TransactionProvider(Store store) {
            this.store = store;
        }

        @Transaction
        public Bundle transaction(@TransactionParam Bundle bundle) {
            return store.apply(bundle);
        }
    }

    /** Observation search (everything, arrival order). */
    public static final class ObservationProvider implements IResourceProvider {
        private final Store store;

        ObservationProvider(Store store) {
            this.store = store;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Observation.class;
        }

        @Search
        public List<Observation> all() {
            return store.observations();
        }
    }

    /** Flag search (everything). */
    public static final class FlagProvider implements IResourceProvider {
        private final Store store;

        FlagProvider(Store store) {
            this.store = store;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Flag.class;
        }

        @Search
        public List<Flag> all() {
            synchronized (store) {
                return new ArrayList<>(store.flags.values());
            }
        }
    }
}
