import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Development launcher: runs api-service, xds-service and the worker in one JVM, each from its own
 * main method. Run by scripts/dev-one-process with the three shaded jars on the class path; it is
 * not part of any module, so no service depends on another.
 */
public class OneProcess {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: OneProcess <api-service.yml> <xds-service.yml>");
            System.exit(2);
        }
        List<Thread> services = new ArrayList<>();
        services.add(start("api-service", "io.flowplane.api.ApiApplication", "server", args[0]));
        services.get(0).join(); // Dropwizard's main returns once the server is up
        services.add(start("xds-service", "io.flowplane.xds.XdsApplication", "server", args[1]));
        services.get(1).join();
        start("worker", "io.flowplane.activities.worker.WorkerMain");
        System.out.println("[flowplane] api-service, xds-service and worker running in one process (pid "
                + ProcessHandle.current().pid() + ")");
    }

    private static Thread start(String name, String mainClass, String... args) throws Exception {
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        Thread thread = new Thread(() -> {
            try {
                main.invoke(null, (Object) args);
            } catch (Exception e) {
                System.err.println("[flowplane] " + name + " failed: " + e.getCause());
                System.exit(1);
            }
        }, name + "-main");
        thread.start();
        return thread;
    }
}
