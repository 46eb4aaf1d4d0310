package sanshe.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A MongoDB-wire server (mongo-java-server, in-memory backend) for tests and benchmarks.
 *
 * <p>Usage: {@code java -cp ... sanshe.infra.MongoWireServer [host] [port]} (default 127.0.0.1 27017).
 *
 * <p>The library's highest ServerVersion (MONGO_5_0) reports wire version 8, which the MongoDB
 * Node driver 7 (inside mongoose 9) refuses: it needs at least 9 (MongoDB 4.4). The version is
 * only reported (hello / buildInfo), it changes nothing in the server, so this reports MongoDB
 * 5.0.0 with its real wire version 13. Override with -Dsanshe.mongo.version=4.4.0
 * -Dsanshe.mongo.wireVersion=9.
 *
 * <p>-Dsanshe.mongo.oplog=true enables the library's oplog, which change streams ({@code watch()})
 * need. Off by default: the oplog is kept in memory and only grows.
 *
 * <p>Data lives in memory only and is lost when the process stops, unless
 * -Dsanshe.mongo.h2File=/path/file.mv selects the library's H2 backend (an MVStore file): then
 * the data survives a restart. MVStore commits in the background about once a second and on
 * close, so a stop by SIGTERM / SIGINT keeps everything; a SIGKILL may lose the last second.
 * Stops on SIGTERM / SIGINT.
 */
public final class MongoWireServer {

    private MongoWireServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;

        MongoVersion version = reportedVersion(
                System.getProperty("sanshe.mongo.version", "5.0.0"),
                Integer.parseInt(System.getProperty("sanshe.mongo.wireVersion", "13")));
        String h2File = System.getProperty("sanshe.mongo.h2File", "");
        AbstractMongoBackend backend = h2File.isEmpty() ? new MemoryBackend() : new H2Backend(h2File);
        backend.version(version);
        MongoServer server = new MongoServer(backend);
        boolean oplog = Boolean.getBoolean("sanshe.mongo.oplog");
        if (oplog) {
            server.enableOplog();
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("mongo-wire-server: shutting down");
            server.shutdownNow();
            if (!h2File.isEmpty()) {
                backend.close(); // commits and closes the MVStore file
            }
            stopped.countDown();
        }, "shutdown"));

        server.bind(host, port);
        System.out.println("mongo-wire-server: listening on " + host + ":" + port
                + " (reports MongoDB " + version.toVersionString()
                + ", wire version " + version.getWireVersion() + ", oplog " + (oplog ? "on" : "off")
                + ", data " + (h2File.isEmpty() ? "in memory" : "in " + h2File) + ")");
        System.out.flush();
        stopped.await();
    }

    private static MongoVersion reportedVersion(String versionString, int wireVersion) {
        List<Integer> parts = new ArrayList<>();
        for (String part : versionString.split("\\.")) {
            parts.add(Integer.parseInt(part));
        }
        while (parts.size() < 3) {
            parts.add(0);
        }
        List<Integer> versionArray = List.copyOf(parts);
        return new MongoVersion() {
            @Override
            public List<Integer> getVersionArray() {
                return versionArray;
            }

            @Override
            public int getWireVersion() {
                return wireVersion;
            }
        };
    }
}
