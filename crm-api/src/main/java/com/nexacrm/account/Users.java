package com.nexacrm.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** People who can sign in. Global: a user may belong to several organisations. */
@Repository
public class Users {

	private final JdbcClient jdbc;

	Users(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(UUID userId, String email, String displayName, String passwordHash) {
		this.jdbc.sql("insert into app_user (user_id, email, display_name, password_hash) values (?, ?, ?, ?)")
			.params(userId, email, displayName, passwordHash)
			.update();
	}

	public Optional<User> findByEmail(String email) {
		return this.jdbc
			.sql("select user_id, email, display_name, password_hash from app_user where lower(email) = lower(?)")
			.param(email)
			.query((rs, n) -> new User(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
			.optional();
	}

	public Optional<User> findById(UUID userId) {
		return this.jdbc.sql("select user_id, email, display_name, password_hash from app_user where user_id = ?")
			.param(userId)
			.query((rs, n) -> new User(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
			.optional();
	}

	public boolean emailTaken(String email) {
		return this.jdbc.sql("select exists (select 1 from app_user where lower(email) = lower(?))")
			.param(email)
			.query(Boolean.class)
			.single();
	}

	public record User(UUID userId, String email, String displayName, String passwordHash) {
	}

}
