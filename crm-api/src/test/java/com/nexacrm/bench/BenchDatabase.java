package com.nexacrm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;

/**
 * The benchmark database, reached as the owner role (a superuser on a developer's
 * PostgreSQL): create or drop it, run the app's migrations, open connections as the owner
 * or as the application role.
 *
 * @param url JDBC URL of the database
 * @param username the owner role; must be a superuser or have {@code BYPASSRLS}, because
 * the tables' row-level security is forced even for their owner
 * @param password its password (empty with trust authentication)
 */
record BenchDatabase(String url, String username, String password) {

	static final String APP_ROLE = "nexacrm_app";

	static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/nexacrm_bench";

	Connection owner() throws SQLException {
		return DriverManager.getConnection(this.url, this.username, this.password);
	}

	/** A connection as the application role, subject to row-level security. */
	Connection app() throws SQLException {
		return DriverManager.getConnection(this.url, APP_ROLE, "");
	}

	String name() {
		String name = this.url.replaceFirst("\\?.*$", "").replaceFirst("^.*/", "");
		if (!name.matches("[A-Za-z0-9_]+")) {
			throw new IllegalArgumentException("Database name " + name + " must be a plain identifier");
		}
		return name;
	}

	private Connection maintenance() throws SQLException {
		String admin = this.url.replaceFirst("/" + name() + "(\\?.*)?$", "/postgres$1");
		return DriverManager.getConnection(admin, this.username, this.password);
	}

	/** Drops the database (ending its sessions first) and creates it empty. */
	void recreate() throws SQLException {
		try (Connection connection = maintenance(); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name() + " with (force)");
			statement.execute("create database " + name());
		}
	}

	void createIfMissing() throws SQLException {
		try (Connection connection = maintenance();
				var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
			check.setString(1, name());
			if (!check.executeQuery().next()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("create database " + name());
				}
			}
		}
	}

	/**
	 * Runs the app's Flyway migrations with the app's own role callback (it creates
	 * {@code nexacrm_app} and grants it the tables), exactly as the app does at start.
	 */
	void migrate() {
		Flyway.configure()
			.dataSource(this.url, this.username, this.password)
			.locations("classpath:db/migration")
			.callbacks(appRoleCallback())
			.load()
			.migrate();
	}

	/** Refuses to seed as a role that row-level security would hide every row from. */
	void checkBypassesRowLevelSecurity() throws SQLException {
		try (Connection connection = owner();
				var result = connection.createStatement()
					.executeQuery("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")) {
			if (!result.next() || !result.getBoolean(1)) {
				throw new IllegalStateException(this.username
						+ " is neither superuser nor BYPASSRLS: forced row-level security would hide the rows it seeds");
			}
		}
	}

	private static Callback appRoleCallback() {
		// package-private in the app; reflection keeps one definition of the grants
		try {
			var type = Class.forName("com.nexacrm.platform.database.AppRoleCallback");
			var constructor = type.getDeclaredConstructor(String.class, String.class);
			constructor.setAccessible(true);
			return (Callback) constructor.newInstance(APP_ROLE, "");
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The app's AppRoleCallback(String, String) is needed to migrate", ex);
		}
	}

}
