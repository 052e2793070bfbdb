package org.homeward.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cross-setting rules of cluster mode, checked by {@link ConfigLoader} only when
 * {@code cluster.enabled} is true (the single-process default needs none of them): a node id and
 * bootstrap servers, valid and distinct topic names, {@code min-insync-replicas <= replication-factor},
 * SCRAM credentials with a readable password file for {@code SASL_*}, readable PEM files for TLS, and
 * in the production profile an encrypted connection ({@code SSL} or {@code SASL_SSL}) with at least two
 * in-sync replicas. Every problem is added to the list; nothing is fixed silently.
 */
final class ClusterChecks {
    /** Kafka's legal topic characters; the node id uses the same set (it becomes a client id). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private ClusterChecks() {
    }

    static void check(Map<String, Object> v, List<String> problems) {
        if (!Boolean.TRUE.equals(v.get(GatewaySettings.CLUSTER_ENABLED.key()))) {
            return;
        }
        String node = text(v, GatewaySettings.CLUSTER_NODE_ID);
        if (node.isEmpty()) {
            problems.add("cluster.enabled = true: cluster.node-id must be set, unique per node");
        } else if (!NAME.matcher(node).matches() || node.length() > 64) {
            problems.add("cluster.node-id = '" + node + "': use at most 64 of A-Z a-z 0-9 . _ -");
        }
        if (text(v, GatewaySettings.CLUSTER_BOOTSTRAP).isEmpty()) {
            problems.add("cluster.enabled = true: cluster.kafka.bootstrap-servers must list the Kafka brokers (host:port,...)");
        }
        checkTopics(v, problems);
        long rf = (Long) v.get(GatewaySettings.CLUSTER_REPLICATION.key());
        long isr = (Long) v.get(GatewaySettings.CLUSTER_MIN_ISR.key());
        if (isr > rf) {
            problems.add("cluster.min-insync-replicas = " + isr + " is above cluster.replication-factor = " + rf
                    + ": no write could ever be acknowledged");
        }
        String protocol = text(v, GatewaySettings.CLUSTER_SECURITY);
        if (protocol.startsWith("SASL_")) {
            if (text(v, GatewaySettings.CLUSTER_SASL_USER).isEmpty()) {
                problems.add("cluster.kafka.security-protocol = " + protocol + ": cluster.kafka.sasl.username must be set");
            }
            readable(v, GatewaySettings.CLUSTER_SASL_PASSWORD_FILE, true, problems);
        }
        if (protocol.endsWith("SSL")) {
            readable(v, GatewaySettings.CLUSTER_SSL_TRUST, false, problems);
            readable(v, GatewaySettings.CLUSTER_SSL_KEYSTORE, false, problems);
        }
        if ("production".equals(v.get(GatewaySettings.PROFILE.key()))) {
            if (!protocol.endsWith("SSL")) {
                problems.add("profile production: cluster.kafka.security-protocol = " + protocol
                        + ": Kafka connections must be encrypted (SSL or SASL_SSL)");
            }
            if (isr < 2) {
                problems.add("profile production: cluster.min-insync-replicas = " + isr
                        + ": an acknowledged pack must be on at least 2 brokers");
            }
        }
    }

    private static void checkTopics(Map<String, Object> v, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (Setting<String> s : List.of(GatewaySettings.CLUSTER_TOPIC_READINGS, GatewaySettings.CLUSTER_TOPIC_PATIENTS,
                GatewaySettings.CLUSTER_TOPIC_ALARMS, GatewaySettings.CLUSTER_TOPIC_COMMANDS,
                GatewaySettings.CLUSTER_TOPIC_REGISTRY, GatewaySettings.CLUSTER_TOPIC_CHECKPOINTS)) {
            String t = text(v, s);
            if (!NAME.matcher(t).matches() || t.length() > 249 || t.equals(".") || t.equals("..")) {
                problems.add(s.key() + " = '" + t + "': not a Kafka topic name (1-249 of A-Z a-z 0-9 . _ -)");
            } else if (!seen.add(t)) {
                problems.add(s.key() + " = '" + t + "': another cluster topic has the same name");
            }
        }
        String group = text(v, GatewaySettings.CLUSTER_GROUP);
        if (group.isBlank()) {
            problems.add("cluster.group-id must not be empty");
        }
    }

    private static void readable(Map<String, Object> v, Setting<Path> s, boolean required, List<String> problems) {
        String f = text(v, s);
        if (f.isEmpty()) {
            if (required) {
                problems.add("cluster.kafka.security-protocol = " + text(v, GatewaySettings.CLUSTER_SECURITY) + ": "
                        + s.key() + " must name a file");
            }
        } else if (!Files.isRegularFile(Path.of(f))) {
            problems.add(s.key() + ": no such file " + f);
        } else if (!Files.isReadable(Path.of(f))) {
            problems.add(s.key() + ": " + f + " is not readable by this user");
        }
    }

    private static String text(Map<String, Object> v, Setting<?> s) {
        Object o = v.get(s.key());
        return o == null ? "" : o.toString().trim();
    }
}
