package org.homeward.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK-only scan of the imports of a Java source tree, grouped by the gateway's top-level packages
 * ({@code adapter.mqtt} counts as {@code adapter}; the root package is {@code ""}). Both import lines
 * and fully qualified names in code count; comments do not.
 */
final class ImportScan {
    static final String ROOT = "org.homeward.gateway";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;",
            Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b" + Pattern.quote(ROOT) + "\\.([a-z]\\w*)\\.[A-Za-z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//[^\\n]*", Pattern.DOTALL);

    /** Top-level package → the top-level gateway packages it uses (never itself). */
    final Map<String, Set<String>> uses = new TreeMap<>();
    /** Top-level package → every import (fully qualified) of its files. */
    final Map<String, Set<String>> imports = new TreeMap<>();

    static ImportScan of(Path sourceRoot) {
        ImportScan scan = new ImportScan();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                scan.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scan;
    }

    void add(String source) {
        String code = COMMENTS.matcher(source).replaceAll("");
        Matcher p = PACKAGE.matcher(code);
        if (!p.find() || !(p.group(1) + ".").startsWith(ROOT + ".")) {
            return;
        }
        String from = topLevel(p.group(1));
        Set<String> used = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Set<String> imported = imports.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher i = IMPORT.matcher(code);
        while (i.find()) {
            imported.add(i.group(1));
            if (i.group(1).startsWith(ROOT + ".")) {
                String[] rest = i.group(1).substring(ROOT.length() + 1).split("\\.");
                used.add(rest.length == 1 || Character.isUpperCase(rest[0].charAt(0)) ? "" : rest[0]);
            }
        }
        Matcher q = QUALIFIED.matcher(code.substring(p.end()));
        while (q.find()) {
            used.add(q.group(1));
        }
        used.remove(from);
    }

    /** {@code org.homeward.gateway.adapter.mqtt} → {@code adapter}; the root itself → {@code ""}. */
    static String topLevel(String pkg) {
        if (pkg.equals(ROOT)) {
            return "";
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Every group of packages that reach each other (strongly connected, more than one), each sorted. */
    List<Set<String>> cycles() {
        List<Set<String>> found = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, found);
            }
        }
        return found;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }

    /** The packages that use {@code target}. */
    Set<String> usersOf(String target) {
        Set<String> users = new TreeSet<>();
        uses.forEach((from, to) -> {
            if (to.contains(target)) {
                users.add(from);
            }
        });
        return users;
    }

    /** The imports of {@code pkg} that start with one of {@code prefixes}. */
    Set<String> importsOf(String pkg, List<String> prefixes) {
        Set<String> hits = new TreeSet<>();
        for (String i : imports.getOrDefault(pkg, Set.of())) {
            if (prefixes.stream().anyMatch(i::startsWith)) {
                hits.add(i);
            }
        }
        return hits;
    }
}
