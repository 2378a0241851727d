package com.nexacrm.platform.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is and who connects to it.
 *
 * @param url JDBC URL; blank means "start the embedded PostgreSQL server"
 * @param username the owner role: runs migrations, owns the tables
 * @param password the owner role's password
 * @param appUsername the role the application connects as at run time: not the owner, no
 * {@code BYPASSRLS}; created by the migration step when missing
 * @param appPassword its password
 * @param poolSize the application pool's maximum size
 * @param embedded settings of the embedded server
 */
@ConfigurationProperties("nexacrm.database")
public record DatabaseSettings(String url, @DefaultValue("postgres") String username, String password,
		@DefaultValue("nexacrm_app") String appUsername, String appPassword, @DefaultValue("10") int poolSize,
		@DefaultValue Embedded embedded) {

	public boolean isEmbedded() {
		return this.url == null || this.url.isBlank();
	}

	/**
	 * @param dataDirectory where the embedded server keeps its files (kept across
	 * restarts)
	 * @param port its port on 127.0.0.1; 0 picks a free one
	 */
	public record Embedded(@DefaultValue("./data/postgres") Path dataDirectory, @DefaultValue("0") int port) {
	}

}
