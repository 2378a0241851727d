package com.nexacrm.platform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two connections to one database: the owner, used by Flyway only, and the application
 * role, which is subject to row-level security. With no {@code DATABASE_URL}, an embedded
 * PostgreSQL server is started first and both point at it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	static final String EMBEDDED_DATABASE = "nexacrm";

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${nexacrm.database.url:}'.isBlank()")
	EmbeddedPostgres embeddedPostgres(DatabaseSettings settings) {
		return new EmbeddedPostgres(settings.embedded().dataDirectory(), settings.embedded().port()).start();
	}

	@Bean
	DatabaseLocation databaseLocation(DatabaseSettings settings, ObjectProvider<EmbeddedPostgres> embedded) {
		String url = settings.isEmbedded() ? embedded.getObject().jdbcUrl(EMBEDDED_DATABASE) : settings.url();
		DatabaseLocation location = new DatabaseLocation(url, settings.username(),
				Optional.ofNullable(settings.password()).orElse(""));
		location.createIfMissing();
		return location;
	}

	@Bean
	@FlywayDataSource
	DataSource migrationDataSource(DatabaseLocation location) {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), location.url(), location.username(),
				location.password());
	}

	@Bean
	FlywayConfigurationCustomizer appRoleCallback(DatabaseSettings settings) {
		return (configuration) -> configuration
			.callbacks(new AppRoleCallback(settings.appUsername(), settings.appPassword()));
	}

	@Bean(destroyMethod = "close")
	@Primary
	HikariDataSource dataSource(DatabaseLocation location, DatabaseSettings settings) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("nexacrm-app");
		pool.setJdbcUrl(location.url());
		pool.setUsername(settings.appUsername());
		pool.setPassword(Optional.ofNullable(settings.appPassword()).orElse(""));
		pool.setMaximumPoolSize(settings.poolSize());
		// No JIT compilation of queries: the app's statements are short, and one whose
		// plan is estimated above jit_above_cost (a table without statistics yet, a
		// large organisation's list) is compiled again on every execution. The start
		// queue's read of 100 leads averaged 184 ms in a benchmark's rounds before the
		// tables had statistics; compiled, it takes 119 ms on a warm server against 6 ms
		// without. A connection URL that sets options itself keeps its own.
		pool.addDataSourceProperty("options", "-c jit=off");
		// a connection is only taken after Flyway has created the role it logs in as
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	/** The database the owner connects to. */
	record DatabaseLocation(String url, String username, String password) {

		/**
		 * Creates the database on first use (a fresh embedded cluster, a developer's
		 * server).
		 */
		void createIfMissing() {
			try (Connection ignored = DriverManager.getConnection(this.url, this.username, this.password)) {
				return;
			}
			catch (SQLException ex) {
				if (!"3D000".equals(ex.getSQLState())) {
					throw new IllegalStateException("Cannot connect to " + this.url + " as " + this.username, ex);
				}
			}
			String name = this.url.replaceFirst("\\?.*$", "").replaceFirst("^.*/", "");
			if (!name.matches("[A-Za-z0-9_]+")) {
				throw new IllegalStateException("Database " + name + " does not exist; create it first");
			}
			String admin = this.url.replaceFirst("/" + name + "(\\?.*)?$", "/postgres$1");
			try (Connection connection = DriverManager.getConnection(admin, this.username, this.password);
					var statement = connection.createStatement()) {
				statement.execute("create database " + name);
				log.info("Created database {}", name);
			}
			catch (SQLException ex) {
				if (!"42P04".equals(ex.getSQLState())) {
					throw new IllegalStateException("Database " + name + " does not exist and could not be created",
							ex);
				}
			}
		}

	}

}
