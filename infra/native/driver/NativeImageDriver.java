import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code native-image} command of couponflow's verification toolchain (infra/native): what
 * GraalVM's own driver does before it starts the builder, for the options Quarkus and the project's
 * libraries use. It turns driver options into builder options, hands the builder every
 * {@code META-INF/native-image/**} configuration on the class path (JSON files as configuration
 * resources, {@code native-image.properties} Args with {@code ${.}} substituted), turns the jar
 * manifest's Add-Opens/Add-Exports into builder options, and starts the builder (svm 25.0.2 from
 * Maven Central, on the module path of the builder JDK this home was copied from).
 *
 * <p>An option it does not know is an error, never silently dropped.
 */
public final class NativeImageDriver {
    static final String VERSION = "25.0.2";
    private static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    private static final String GENERATOR = BUILDER_MODULE + "/com.oracle.svm.hosted.NativeImageGeneratorRunner";
    /** meta-inf file name -> the builder option that loads it as a class-path resource */
    private static final Map<String, String> CONFIG_FILES = Map.of(
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "jni-config.json", "JNIConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "serialization-deny-config.json", "SerializationDenyConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources",
            "reachability-metadata.json", "ReachabilityMetadataResources");
    private static final String META_INF = "META-INF/native-image/";

    private final Path home;
    private final List<String> builderJavaArgs = new ArrayList<>();
    private final List<String> builderArgs = new ArrayList<>();
    private final LinkedHashSet<Path> imageClasspath = new LinkedHashSet<>();
    private final LinkedHashSet<String> configResources = new LinkedHashSet<>();
    private final List<Pattern[]> excludedConfigs = new ArrayList<>();
    private final Set<Path> scanned = new LinkedHashSet<>();
    private String jar;
    private String mainClass;
    private String imageName;
    private boolean verbose = Boolean.getBoolean("couponflow.native.verbose") || System.getenv("NATIVE_DRIVER_VERBOSE") != null;

    NativeImageDriver(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-version"))) {
            // the lines Quarkus reads to learn the builder's version (GraalVM CE format)
            System.out.println("native-image " + VERSION + " 2026-01-20");
            System.out.println("GraalVM Runtime Environment GraalVM CE " + VERSION + "+10.1 (build " + VERSION + "+10-jvmci-b01)");
            System.out.println("Substrate VM GraalVM CE " + VERSION + "+10.1 (build " + VERSION + "+10, serial gc)");
            return;
        }
        System.exit(new NativeImageDriver(home).run(List.of(args)));
    }

    int run(List<String> args) throws IOException, InterruptedException {
        Deque<String> queue = new ArrayDeque<>(args);
        List<String> positional = new ArrayList<>();
        while (!queue.isEmpty()) {
            String a = queue.poll();
            if (!option(a, queue, "command line")) {
                positional.add(a);
            }
        }
        if (jar != null) {
            if (!positional.isEmpty() && imageName == null) {
                imageName = positional.remove(0);
            }
            fromJar(Path.of(jar).toAbsolutePath());
        } else if (!positional.isEmpty()) {
            mainClass = positional.remove(0);
            if (!positional.isEmpty() && imageName == null) {
                imageName = positional.remove(0);
            }
        }
        if (!positional.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments: " + positional);
        }
        // every META-INF/native-image/** on the class path; properties Args may add class path entries
        for (int done = 0; done < imageClasspath.size(); ) {
            List<Path> entries = new ArrayList<>(imageClasspath);
            for (Path p : entries.subList(done, entries.size())) {
                scanMetaInf(p);
            }
            done = entries.size();
        }
        for (String r : configResources) {
            builderArgs.add(r);
        }
        return startBuilder();
    }

    /** One driver option; false if {@code a} is not an option (a positional argument). */
    private boolean option(String a, Deque<String> rest, String origin) throws IOException {
        if (a.startsWith("-J")) {
            builderJavaArgs.add(a.substring(2));
        } else if (a.startsWith("-H:") || a.startsWith("-R:")) {
            builderArgs.add(a);
        } else if (a.equals("-jar")) {
            jar = rest.remove();
        } else if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
            for (String e : rest.remove().split(java.io.File.pathSeparator)) {
                if (!e.isEmpty()) {
                    imageClasspath.add(Path.of(e).toAbsolutePath().normalize());
                }
            }
        } else if (a.equals("-o")) {
            imageName = rest.remove();
        } else if (a.startsWith("-D")) {
            builderJavaArgs.add(a);
        } else if (a.equals("--verbose")) {
            verbose = true;
        } else if (a.startsWith("--features=")) {
            builderArgs.add("-H:Features=" + value(a));
        } else if (a.startsWith("--initialize-at-run-time")) {
            builderArgs.add("-H:ClassInitialization=" + classInit(value(a), "run_time"));
        } else if (a.startsWith("--initialize-at-build-time")) {
            builderArgs.add("-H:ClassInitialization=" + classInit(value(a), "build_time"));
        } else if (a.equals("--no-fallback")) {
            builderArgs.add("-H:FallbackThreshold=0");
        } else if (a.startsWith("--link-at-build-time")) {
            builderArgs.add("-H:LinkAtBuildTime=" + value(a));
        } else if (a.startsWith("--enable-url-protocols=")) {
            builderArgs.add("-H:EnableURLProtocols=" + value(a));
        } else if (a.equals("--enable-http") || a.equals("--enable-https")) {
            builderArgs.add("-H:EnableURLProtocols=" + a.substring("--enable-".length()));
        } else if (a.startsWith("--enable-monitoring")) {
            builderArgs.add("-H:EnableMonitoringFeatures=" + (a.contains("=") ? value(a) : "<deprecated-default>"));
        } else if (a.startsWith("--enable-native-access")) {
            builderArgs.add("-H:EnableNativeAccess=" + (a.contains("=") ? value(a) : rest.remove()));
        } else if (a.startsWith("--exact-reachability-metadata")) {
            builderArgs.add("-H:ThrowMissingRegistrationErrors=" + value(a));
        } else if (a.startsWith("-march=")) {
            builderArgs.add("-H:March=" + value(a));
        } else if (a.matches("-O[0-3bs]")) {
            builderArgs.add("-H:Optimize=" + a.substring(2));
        } else if (a.equals("-g")) {
            builderArgs.add("-H:GenerateDebugInfo=1");
        } else if (a.equals("--exclude-config")) {
            excludedConfigs.add(new Pattern[]{Pattern.compile(rest.remove()), Pattern.compile(rest.remove())});
        } else if (a.equals("--report-unsupported-elements-at-runtime") || a.equals("--allow-incomplete-classpath")
                || a.equals("--strict-image-heap") || a.equals("--install-exit-handlers")) {
            // deprecated in GraalVM 25: the behaviour is the default; the real driver only warns
            log("ignored (default in " + VERSION + "): " + a + " from " + origin);
        } else if (a.startsWith("-")) {
            throw new IllegalArgumentException("couponflow's native-image driver does not know the option '" + a
                    + "' (from " + origin + "); translate it in infra/native/driver/NativeImageDriver.java");
        } else {
            return false;
        }
        return true;
    }

    private static String value(String a) {
        int eq = a.indexOf('=');
        return eq < 0 ? "" : a.substring(eq + 1);
    }

    /** "a,b" -> "a:run_time,b:run_time"; "" -> ":build_time" (everything), as the builder's own API option does. */
    private static String classInit(String v, String when) {
        if (v.isEmpty()) {
            return ":" + when;
        }
        List<String> out = new ArrayList<>();
        for (String e : v.split(",")) {
            out.add(e + ":" + when);
        }
        return String.join(",", out);
    }

    /** -jar: the jar and its manifest Class-Path on the image class path, its Main-Class, Add-Opens and Add-Exports. */
    private void fromJar(Path jarPath) throws IOException {
        imageClasspath.add(jarPath);
        try (JarFile jf = new JarFile(jarPath.toFile())) {
            Manifest m = jf.getManifest();
            if (m == null) {
                throw new IllegalArgumentException(jarPath + " has no manifest");
            }
            Attributes main = m.getMainAttributes();
            String cp = main.getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String e : cp.trim().split("\\s+")) {
                    imageClasspath.add(jarPath.getParent().resolve(e).normalize());
                }
            }
            if (mainClass == null) {
                mainClass = main.getValue(Attributes.Name.MAIN_CLASS);
            }
            if (imageName == null) {
                String n = jarPath.getFileName().toString();
                imageName = n.endsWith(".jar") ? n.substring(0, n.length() - 4) : n;
            }
            addModuleAccess(main.getValue("Add-Opens"), "AddOpens");
            addModuleAccess(main.getValue("Add-Exports"), "AddExports");
        }
    }

    private void addModuleAccess(String value, String option) {
        if (value == null) {
            return;
        }
        for (String target : value.trim().split("\\s+")) {
            builderArgs.add("-H:" + option + "=" + target + "=ALL-UNNAMED");
        }
    }

    /** The META-INF/native-image folder of one class path entry (a jar or a folder). */
    private void scanMetaInf(Path entry) throws IOException {
        if (!scanned.add(entry) || !Files.exists(entry)) {
            return;
        }
        if (Files.isDirectory(entry)) {
            scanRoot(entry, entry);
        } else if (entry.toString().endsWith(".jar")) {
            try (FileSystem fs = FileSystems.newFileSystem(entry)) {
                scanRoot(entry, fs.getPath("/"));
            }
        }
    }

    private void scanRoot(Path entry, Path root) throws IOException {
        Path dir = root.resolve(META_INF);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String resource = root.relativize(f).toString();
            String name = f.getFileName().toString();
            if (excluded(entry, resource)) {
                log("excluded by --exclude-config: " + entry + "!/" + resource);
                continue;
            }
            if (name.equals("native-image.properties")) {
                properties(entry, root, f, resource);
            } else if (CONFIG_FILES.containsKey(name)) {
                configResources.add("-H:" + CONFIG_FILES.get(name) + "=" + resource);
            }
        }
    }

    private boolean excluded(Path entry, String resource) {
        for (Pattern[] p : excludedConfigs) {
            if (p[0].matcher(entry.toString()).matches() && p[1].matcher(resource).matches()) {
                return true;
            }
        }
        return false;
    }

    /** native-image.properties: Args and JavaArgs, with ${.} = the folder of the file as a resource path. */
    private void properties(Path entry, Path root, Path file, String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String folder = root.relativize(file.getParent()).toString();
        String origin = entry + "!/" + resource;
        for (String key : p.stringPropertyNames()) {
            String raw = p.getProperty(key)
                    .replace("${.}", folder)
                    .replace("${java.home}", home.toString());
            List<String> tokens = tokens(raw);
            switch (key) {
                case "Args" -> {
                    Deque<String> q = new ArrayDeque<>(tokens);
                    while (!q.isEmpty()) {
                        String a = q.poll();
                        if (!option(a, q, origin)) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "' in " + origin);
                        }
                    }
                }
                case "JavaArgs" -> builderJavaArgs.addAll(tokens);
                case "ImageName" -> {
                    if (imageName == null) {
                        imageName = raw.trim();
                    }
                }
                default -> log("ignored " + key + " in " + origin);
            }
            log(key + " from " + origin + ": " + tokens);
        }
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private int startBuilder() throws IOException, InterruptedException {
        Path jars = home.resolve("lib/svm/builder");
        List<Path> modulePath = new ArrayList<>();
        Path compiler = null;
        try (Stream<Path> s = Files.list(jars)) {
            for (Path j : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                if (j.getFileName().toString().startsWith("compiler-")) {
                    compiler = j;   // replaces the JDK's own (empty) jdk.graal.compiler module
                } else {
                    modulePath.add(j);
                }
            }
        }
        if (compiler == null || modulePath.isEmpty()) {
            throw new IllegalStateException("builder jars missing in " + jars + ": run infra/native/install.sh");
        }
        List<Path> all = new ArrayList<>(modulePath);
        all.add(compiler);
        Set<String> builderModules = new LinkedHashSet<>();
        ModuleFinder.of(all.toArray(Path[]::new)).findAll().forEach(r -> builderModules.add(r.descriptor().name()));
        String targets = String.join(",", builderModules);

        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/java").toString());
        cmd.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:-UseJVMCICompiler",
                "-Xss10m", "-XX:+UseParallelGC", "-XX:-UsePerfData",
                "-Dorg.graalvm.nativeimage.imagecode=buildtime",
                "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
                // as the real driver: method handles are inlined by the builder, not by the JDK's profile
                "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false",
                "-Dorg.graalvm.version=" + VERSION,
                "-Dorg.graalvm.vendor=couponflow verification toolchain",
                // what Quarkus reads at build time to learn the builder version (GraalVM CE format)
                "-Dorg.graalvm.vendorversion=GraalVM CE " + VERSION + "+10.1",
                "-Dcom.oracle.graalvm.isaot=false",
                "--enable-native-access=" + targets));
        // the builder reaches into the JDK's internals and JVMCI: export every package of those modules to it
        for (String module : List.of("java.base", "jdk.internal.vm.ci", "jdk.internal.jvmstat", "jdk.jfr",
                "jdk.management", "java.management", "jdk.internal.vm.ci")) {
            ModuleFinder.ofSystem().find(module).ifPresent(r -> {
                for (String pkg : new java.util.TreeSet<>(r.descriptor().packages())) {
                    cmd.add("--add-exports=" + module + "/" + pkg + "=" + targets);
                }
            });
        }
        if (builderJavaArgs.stream().noneMatch(a -> a.startsWith("-Xmx"))) {
            cmd.add("-Xmx" + System.getenv().getOrDefault("NATIVE_BUILDER_XMX", "8g"));
        }
        cmd.addAll(builderJavaArgs);
        cmd.add("--upgrade-module-path");
        cmd.add(compiler.toString());
        cmd.add("--module-path");
        cmd.add(String.join(java.io.File.pathSeparator, modulePath.stream().map(Path::toString).toList()));
        cmd.add("--add-modules");
        cmd.add(String.join(",", builderModules));
        cmd.add("--module");
        cmd.add(GENERATOR);
        cmd.add("-imagecp");
        cmd.add(String.join(java.io.File.pathSeparator, imageClasspath.stream().map(Path::toString).toList()));
        Path runtime = home.resolve("lib/svm/runtime");
        cmd.add("-H:Path=" + Path.of("").toAbsolutePath());
        cmd.add("-H:ImageBuildID=" + UUID.randomUUID());
        cmd.add("-H:CLibraryPath=" + home.resolve("lib/svm/clibraries/linux-amd64"));
        // the image links the JDK's shared libraries (no static ones exist for this JDK) and finds them,
        // and the stand-in libjvm, through its run path
        cmd.add("-H:NativeLinkerOption=-Wl,-rpath," + runtime + ":" + home.resolve("lib"));
        // container support needs svm's own C library for cgroups, which is not on Maven Central
        cmd.add("-H:+UnlockExperimentalVMOptions");
        cmd.add("-H:-UseContainerSupport");
        cmd.add("-H:-UnlockExperimentalVMOptions");
        if (imageName != null) {
            cmd.add("-H:Name=" + imageName);
        }
        if (mainClass != null) {
            cmd.add("-H:Class=" + mainClass);
        }
        cmd.addAll(builderArgs);
        if (verbose) {
            System.err.println("couponflow native-image driver: " + String.join(" \\\n  ", cmd));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        return p.waitFor();
    }

    private void log(String s) {
        if (verbose) {
            System.err.println("couponflow native-image driver: " + s);
        }
    }
}
